"""Near-duplicate groups keyed by their founder (pantau.ingest.neardup), founders' signatures on items,
and the WARC of each imported file.

Signatures of the previous local MinHash (64 × uint64) are not comparable with the library's (128 ×
uint32): they are dropped, so existing groups keep their members but are no longer matched by new items."""

import django.db.models.deletion
from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Group = apps.get_model("monitoring", "NearDupGroup")
    Item = apps.get_model("monitoring", "ContentItem")
    for group in Group.objects.all().iterator():
        first = (Item.objects.filter(pk=group.representative_id).values_list("dedup_key", flat=True).first()
                 or Item.objects.filter(group_id=group.pk).order_by("pk").values_list("dedup_key", flat=True).first()
                 or f"legacy-group:{group.pk}")
        Group.objects.filter(pk=group.pk).update(key=first, signature=None)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="neardupgroup",
            name="key",
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AlterField(
            model_name="neardupgroup",
            name="signature",
            field=models.BinaryField(blank=True, help_text="MinHash pendiri: 128 × uint32 little-endian", null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="neardupgroup",
            name="key",
            field=models.CharField(max_length=300, unique=True),
        ),
        migrations.AddField(
            model_name="contentitem",
            name="signature",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="warc",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="evidence.evidenceblob"),
        ),
    ]
