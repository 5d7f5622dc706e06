"""Violation taxonomy: the six labels, their legal basis and the institution that acts on them.

Sources: /work/shared/DOMAIN.md sections 1.5-1.8 (UU 10/2016 "UU Pilkada", UU 6/2014 "UU Desa", SKB 2/2022,
PKPU 13/2024, UU ITE). Confidence tags from DOMAIN.md are kept in ``confidence``: ``P`` primary text,
``S`` secondary source reporting the rule, ``U`` inferred. Anything that is not ``P`` is data, not logic:
product code should read it from here (or override it) instead of hard-coding it.

The label names are part of the public contract (``pantau classify`` output) and never change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

LABELS: tuple[str, ...] = ("politik_uang", "netralitas", "sara", "kampanye_hitam", "hasutan", "kata_kasar")

# Flags are not violation types but rules attached to a time window or a context.
FLAGS: tuple[str, ...] = ("masa_tenang", "supervision_context")


@dataclass(frozen=True)
class LegalBasis:
    article: str
    summary: str
    penalty: str = ""
    confidence: str = "S"


@dataclass(frozen=True)
class LabelInfo:
    name: str
    title_id: str
    title_en: str
    description: str
    legal_basis: tuple[LegalBasis, ...]
    acting_institutions: tuple[str, ...]
    handling_category: str
    detector: str  # "rules", "model" or "rules+model"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["legal_basis"] = [asdict(b) for b in self.legal_basis]
        d["acting_institutions"] = list(self.acting_institutions)
        d["notes"] = list(self.notes)
        return d


TAXONOMY: dict[str, LabelInfo] = {
    "politik_uang": LabelInfo(
        name="politik_uang",
        title_id="Politik uang",
        title_en="Money politics / vote buying",
        description=(
            "Promising or giving money or other material (cash envelope, sembako, token listrik, e-wallet "
            "top-up, 'uang transport') to influence a voter to vote, not vote, or spoil a ballot. Needs an "
            "exchange condition tied to a vote or a candidate."
        ),
        legal_basis=(
            LegalBasis("UU 10/2016 Ps 73(4) jo. Ps 187A(1)", "giver of money or material to influence a voter",
                       "36-72 months prison and Rp200 juta - Rp1 miliar", "S"),
            LegalBasis("UU 10/2016 Ps 187A(2)", "the voter who accepts gets the same penalty",
                       "36-72 months prison and Rp200 juta - Rp1 miliar", "S"),
            LegalBasis("UU 10/2016 Ps 73(2) jo. Ps 135A", "candidate/team proven to give money, TSM route",
                       "disqualification by KPU", "S"),
        ),
        acting_institutions=("Sentra Gakkumdu (Bawaslu, Polri, Kejaksaan)", "Bawaslu Provinsi (TSM, Ps 135A)",
                             "KPU Provinsi/Kab/Kota (executes disqualification)"),
        handling_category="tindak pidana pemilihan",
        detector="rules",
        notes=("No public labelled data exists; transparent lexicon and pattern rules.",),
    ),
    "netralitas": LabelInfo(
        name="netralitas",
        title_id="Netralitas ASN, kepala desa/perangkat desa, TNI/Polri",
        title_en="Neutrality of civil servants, village heads/officials, military and police",
        description=(
            "A protected actor (ASN/PNS/PPPK, guru, camat, lurah, kepala desa, perangkat desa, TNI, Polri, "
            "election organisers) doing a partisan act: declaring support, attending or running a campaign, "
            "partisan finger pose, twibbon, liking/sharing a candidate's campaign account, mobilising voters, "
            "using programmes (BLT, bansos) to steer a vote."
        ),
        legal_basis=(
            LegalBasis("UU 10/2016 Ps 70(1) jo. Ps 189", "candidate pair involving ASN, Polri, TNI, kepala "
                       "desa/lurah or village officials in the campaign", "up to 6 months / Rp6 juta", "S"),
            LegalBasis("UU 10/2016 Ps 71(1) jo. Ps 188", "officials, ASN, TNI/Polri, kepala desa/lurah acting to "
                       "favour or harm a candidate pair", "1-6 months and/or Rp600 ribu - Rp6 juta", "S"),
            LegalBasis("UU 6/2014 (Desa) Ps 29 g,j and Ps 51 g,j", "village head/official must not be a party "
                       "officer or join a campaign", "reprimand, temporary dismissal, dismissal", "S"),
            LegalBasis("SKB 2/2022 (KemenPAN-RB, Kemendagri, BKN, KASN, Bawaslu)", "ASN ethics and discipline "
                       "levels: posts/likes/shares, partisan poses, attending campaigns, installing APK", "", "S"),
        ),
        acting_institutions=("BKN (ASN; KASN ceased 24 Aug 2024, SE Menpan-RB 4/2024)",
                             "Bupati/Wali Kota (kepala desa and perangkat desa)",
                             "Propam Polri / POM TNI (internal) [U]",
                             "Sentra Gakkumdu (Ps 188/189 criminal route)",
                             "DKPP (partisan election organisers)"),
        handling_category="pelanggaran peraturan perundang-undangan lainnya / tindak pidana pemilihan",
        detector="rules",
        notes=("A single act can be both an election crime (Ps 188) and a UU Desa/ASN violation (DOMAIN 1.6).",),
    ),
    "sara": LabelInfo(
        name="sara",
        title_id="SARA (suku, agama, ras, antargolongan)",
        title_en="Hostility against religion, ethnicity, race or group",
        description=(
            "Insulting or setting people against each other on grounds of religion, ethnicity, race or group, "
            "including identity-politics appeals ('haram pilih yang tidak seiman', 'bukan putra daerah')."
        ),
        legal_basis=(
            LegalBasis("UU 10/2016 Ps 69 huruf b jo. Ps 187(2)", "insulting a person, religion, ethnicity, race, "
                       "group, a candidate or a party in a campaign", "3-18 months and/or Rp600 ribu - Rp6 juta", "S"),
            LegalBasis("UU ITE Ps 28(2)", "spreading information to incite hatred based on SARA", "", "S"),
        ),
        acting_institutions=("Komdigi (takedown) + platform", "Sentra Gakkumdu (campaign offence)",
                             "Polri (UU ITE)"),
        handling_category="tindak pidana pemilihan / konten digital",
        detector="rules+model",
    ),
    "kampanye_hitam": LabelInfo(
        name="kampanye_hitam",
        title_id="Kampanye hitam (fitnah, hoaks tentang calon atau penyelenggara)",
        title_en="Black campaign: slander, defamation, hoaxes about a candidate or the organisers",
        description=(
            "Slander or unfounded accusations against a candidate, party or election organiser, and "
            "disinformation about election administration. True, evidence-based negative criticism "
            "('kampanye negatif') is not black campaigning."
        ),
        legal_basis=(
            LegalBasis("UU 10/2016 Ps 69 huruf c jo. Ps 187(2)", "inciting, slandering, setting groups against "
                       "each other (Elucidation of UU 8/2015: black campaign)",
                       "3-18 months and/or Rp600 ribu - Rp6 juta", "S"),
            LegalBasis("UU ITE Ps 28; UU 1/1946 Ps 14-15", "hoaxes outside election law", "", "S"),
        ),
        acting_institutions=("Komdigi (takedown) + platform", "Sentra Gakkumdu", "Polri (UU ITE)"),
        handling_category="tindak pidana pemilihan / konten digital",
        detector="rules+model",
        notes=("'Hoaks' is not a term of Ps 69; the closest ground is Ps 69 c (DOMAIN 0.5).",),
    ),
    "hasutan": LabelInfo(
        name="hasutan",
        title_id="Hasutan, provokasi, ancaman kekerasan",
        title_en="Incitement, provocation, threats of violence",
        description=(
            "Calls to violence or disorder (burn, attack, besiege the KPU/TPS), threats against voters, "
            "organisers or candidates, intimidation to vote a certain way."
        ),
        legal_basis=(
            LegalBasis("UU 10/2016 Ps 69 huruf c, d, e, f jo. Ps 187(2)", "inciting; using or advocating "
                       "violence; disturbing public order; threatening violence",
                       "3-18 months and/or Rp600 ribu - Rp6 juta", "S"),
            LegalBasis("UU 10/2016 Ps 182 (as cited by Bawaslu Bengkulu Utara)", "violence or threats "
                       "obstructing the right to vote", "24-72 months + fine", "S"),
        ),
        acting_institutions=("Sentra Gakkumdu", "Polri", "Komdigi (takedown)"),
        handling_category="tindak pidana pemilihan",
        detector="rules",
        notes=("No public incitement label; netifier 'radikalisme' is a different construct and is not used "
               "for the decision.",),
    ),
    "kata_kasar": LabelInfo(
        name="kata_kasar",
        title_id="Kata kasar / ujaran kasar",
        title_en="Abusive language",
        description="Profanity and abusive words (including Jambi Malay), with or without a target.",
        legal_basis=(
            LegalBasis("UU 10/2016 Ps 69 huruf b", "insulting a person or candidate in a campaign (when "
                       "targeted)", "", "S"),
            LegalBasis("PKPU 13/2024", "campaign content rules for social media", "", "S"),
        ),
        acting_institutions=("Komdigi (takedown) + platform", "Bawaslu (warning to registered account)"),
        handling_category="konten digital",
        detector="rules+model",
        notes=("Abusive language alone is usually not an election offence; it raises priority when the "
               "target is a candidate, organiser or group.",),
    ),
}

FLAG_INFO: dict[str, dict] = {
    "masa_tenang": {
        "title_id": "Kampanye di masa tenang",
        "legal_basis": "UU 10/2016 Ps 187(1) (campaigning outside the schedule); PKPU 13/2024",
        "acting_institutions": ["Sentra Gakkumdu", "KPU (account deactivation)", "Komdigi (takedown)"],
        "note": "Dates come from the caller (context['quiet_period']); Pilkada 2024: 24-26 Nov 2024 (PKPU 2/2024).",
    },
    "supervision_context": {
        "title_id": "Konteks pengawasan/penegakan",
        "note": "Text about supervision or enforcement (appeals, socialisation, news of a case under review). "
                "The violation terms it mentions are not scored as violations.",
    },
}


def label_info(name: str) -> LabelInfo:
    return TAXONOMY[name]


def taxonomy_dict() -> dict:
    return {"labels": {k: v.to_dict() for k, v in TAXONOMY.items()}, "flags": FLAG_INFO}
