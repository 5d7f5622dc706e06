from pantau.regions.models import Region


def region_for(region_code, marker):
    """/dasbor/<kode>/ addresses a region: the office dashboard of that kab/kota."""
    return Region.objects.get(pk=region_code)


FACTORIES = {"dashboard:office": region_for}
