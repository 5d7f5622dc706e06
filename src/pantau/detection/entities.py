"""Entities: candidates and parties (configurable registry), regions (with aliases), protected actors, and
election vocabulary, matched over normalised tokens with spans back into the original text.

The registry is plain data. The product builds one from its own tables (candidates of an election, the region
list with aliases) and passes it in ``context["registry"]``; detection never imports those apps. Without one,
:data:`DEFAULT_REGIONS` (Jambi province and its 11 kabupaten/kota, Kemendagri codes, DOMAIN.md 3.1) and the
national parties of Pemilu 2024 are used, and no candidates are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from .normalise import Normalised, normalise_text

__all__ = [
    "Candidate", "Party", "Region", "Registry", "EntityMatch", "Entities", "DEFAULT_REGIONS", "ACTOR_ALIASES",
    "default_registry",
]


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    number: int | None = None  # nomor urut
    region: str | None = None  # region code of the contest, e.g. "15" for the governor race
    role: str = ""  # cagub, cawagub, cabup, ...
    party_ids: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()  # social-media handles, matched as @mentions in the original text


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    number: int | None = None


@dataclass(frozen=True)
class Region:
    code: str  # Kemendagri dotted code
    name: str
    aliases: tuple[str, ...] = ()


# Kemendagri codes (DOMAIN.md 3.1; NOT the BPS codes, which differ for 15.06-15.09). Aliases: DOMAIN.md 3.1
# colloquial forms plus the seat towns (ibu kota), which readers use for the regency.
DEFAULT_REGIONS: tuple[Region, ...] = (
    Region("15", "Provinsi Jambi", ("provinsi jambi", "prov jambi", "prov. jambi", "jambi", "pilgub jambi")),
    Region("15.01", "Kabupaten Kerinci", ("kerinci", "kab kerinci", "kabupaten kerinci", "siulak")),
    Region("15.02", "Kabupaten Merangin", ("merangin", "kab merangin", "bangko")),
    Region("15.03", "Kabupaten Sarolangun", ("sarolangun", "kab sarolangun")),
    Region("15.04", "Kabupaten Batang Hari", ("batang hari", "batanghari", "muara bulian", "muarabulian")),
    Region("15.05", "Kabupaten Muaro Jambi", ("muaro jambi", "muarojambi", "ma. jambi", "ma jambi", "maro jambi",
                                             "sengeti")),
    Region("15.06", "Kabupaten Tanjung Jabung Barat", ("tanjung jabung barat", "tanjab barat", "tanjabbar",
                                                      "tanjab bar", "tanjabar", "kuala tungkal", "tungkal")),
    Region("15.07", "Kabupaten Tanjung Jabung Timur", ("tanjung jabung timur", "tanjab timur", "tanjabtim",
                                                      "tajab timur", "tanjab tim", "muara sabak", "sabak")),
    Region("15.08", "Kabupaten Bungo", ("bungo", "kab bungo", "kabupaten bungo", "muara bungo", "muarabungo")),
    Region("15.09", "Kabupaten Tebo", ("tebo", "kab tebo", "kabupaten tebo", "muara tebo", "muaratebo")),
    Region("15.71", "Kota Jambi", ("kota jambi", "jambi kota", "pilwako jambi", "wali kota jambi", "walikota jambi")),
    Region("15.72", "Kota Sungai Penuh", ("sungai penuh", "sungaipenuh", "sei penuh", "sei. penuh", "spn",
                                          "kota sungai penuh", "kota sungaipenuh")),
)

# Parties of Pemilu 2024 (public facts). Ambiguous short forms (PAN, PBB, Garuda, Gelora, Buruh, Ummat) are
# only matched with "partai".
DEFAULT_PARTIES: tuple[Party, ...] = (
    Party("pkb", "Partai Kebangkitan Bangsa", ("pkb", "partai kebangkitan bangsa"), 1),
    Party("gerindra", "Partai Gerindra", ("gerindra", "partai gerindra"), 2),
    Party("pdip", "PDI Perjuangan", ("pdip", "pdi p", "pdi perjuangan", "pdi-p"), 3),
    Party("golkar", "Partai Golkar", ("golkar", "partai golkar"), 4),
    Party("nasdem", "Partai NasDem", ("nasdem", "partai nasdem"), 5),
    Party("buruh", "Partai Buruh", ("partai buruh",), 6),
    Party("gelora", "Partai Gelora", ("partai gelora",), 7),
    Party("pks", "Partai Keadilan Sejahtera", ("pks", "partai keadilan sejahtera"), 8),
    Party("pkn", "Partai Kebangkitan Nusantara", ("pkn", "partai kebangkitan nusantara"), 9),
    Party("hanura", "Partai Hanura", ("hanura", "partai hanura"), 10),
    Party("garuda", "Partai Garuda", ("partai garuda",), 11),
    Party("pan", "Partai Amanat Nasional", ("partai amanat nasional", "partai pan"), 12),
    Party("pbb", "Partai Bulan Bintang", ("partai bulan bintang",), 13),
    Party("demokrat", "Partai Demokrat", ("demokrat", "partai demokrat"), 14),
    Party("psi", "Partai Solidaritas Indonesia", ("psi", "partai solidaritas indonesia"), 15),
    Party("perindo", "Partai Perindo", ("perindo", "partai perindo"), 16),
    Party("ppp", "Partai Persatuan Pembangunan", ("ppp", "partai persatuan pembangunan"), 17),
    Party("ummat", "Partai Ummat", ("partai ummat",), 24),
)

# Protected actors (UU 10/2016 Ps 70-71, UU Desa, SKB 2/2022) and election organisers (DKPP).
ACTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "asn": ("asn", "pns", "aparatur sipil negara", "pegawai negeri", "pegawai negeri sipil", "pppk", "p3k",
            "abdi negara", "pegawai pemda", "pegawai dinas", "pegawai kantor bupati", "pegawai kecamatan",
            "kepala puskesmas", "kapus", "pegawai puskesmas", "dokter puskesmas", "bidan desa", "pegawai rsud",
            "staf kecamatan", "staf kelurahan", "pegawai kelurahan", "korwil pendidikan", "pengawas sekolah",
            "kepala kua", "pegawai kua", "penghulu kua", "penyuluh agama", "pegawai kemenag"),
    "guru": ("guru", "guru honorer", "kepala sekolah", "kepsek", "dosen", "wali kelas", "guru kelas"),
    "pejabat": ("kepala dinas", "kadis", "kabid", "kepala bidang", "sekda", "sekretaris daerah", "kepala badan",
                "kepala bagian", "kabag", "pj bupati", "pj gubernur", "pj wali kota", "penjabat bupati",
                "penjabat gubernur", "penjabat wali kota", "pejabat pemda", "pejabat"),
    "camat": ("camat", "sekcam", "sekretaris camat", "pak camat", "bu camat"),
    "lurah": ("lurah", "pak lurah", "bu lurah", "kepala kelurahan"),
    # the village head goes by other names across provinces: wali nagari (Sumbar), keuchik/geuchik (Aceh),
    # kepala kampung, kepala lembang (Toraja), hukum tua (Minahasa), kepala pekon (Lampung), raja negeri (Maluku)
    "kepala_desa": ("kepala desa", "kades", "pak kades", "bu kades", "pj kades", "datuk rio", "rio desa",
                    "rio dusun", "kepala dusun desa", "pak rio", "wali nagari", "keuchik", "geuchik",
                    "kepala gampong", "kepala kampung", "kepala lembang", "hukum tua", "kepala pekon", "raja negeri",
                    "kepala negeri", "perbekel", "kepala kampong"),
    "perangkat_desa": ("perangkat desa", "kepala dusun", "kadus", "sekretaris desa", "sekdes", "kaur", "kasi desa",
                       "bpd", "badan permusyawaratan desa", "aparat desa", "staf desa", "pendamping desa"),
    "tni": ("tni", "anggota tni", "prajurit tni", "prajurit", "babinsa", "danramil", "dandim", "koramil", "kodim",
            "korem", "danrem", "tentara"),
    "polri": ("polri", "polisi", "anggota polri", "oknum polisi", "bhabinkamtibmas", "kapolsek", "kapolres",
              "kapolda", "polsek", "polres", "polda", "brimob", "kepolisian", "aparat kepolisian", "polairud",
              "sabhara", "intelkam", "bhayangkara"),
    # Ps 70(1): state- and region-owned enterprises may not be involved in a campaign
    "bumn": ("bumn", "bumd", "pegawai bumn", "karyawan bumn", "pejabat bumn", "direksi bumn", "pegawai bumd",
             "karyawan bumd", "pegawai pln", "karyawan pln", "pegawai pertamina", "karyawan pertamina",
             "pegawai pdam", "karyawan pdam", "pegawai bank daerah", "pegawai bank jambi", "perumda", "perusda",
             "pdam", "bank 9 jambi", "kepala cabang bank", "pegawai bank bumn", "petugas pos", "pegawai pos"),
    "penyelenggara": ("kpu", "ppk", "pps", "kpps", "bawaslu", "panwascam", "panwaslu", "pkd", "ptps",
                      "petugas kpps", "anggota kpu", "komisioner kpu", "anggota bawaslu", "penyelenggara pemilu",
                      "penyelenggara pilkada"),
}

# Election vocabulary with weights; election_related is true when the sum reaches 1.0.
ELECTION_TERMS: dict[str, float] = {
    **{t: 1.0 for t in (
        "pilkada", "pemilihan gubernur", "pemilihan bupati", "pemilihan wali kota", "pemilihan kepala daerah",
        "pemilu", "pilpres", "pileg", "paslon", "pasangan calon", "calon gubernur", "calon wakil gubernur",
        "calon bupati", "calon wakil bupati", "calon wali kota", "calon wakil wali kota", "cagub", "cabup",
        "kampanye", "berkampanye", "coblos", "mencoblos", "pencoblosan", "tps", "kpu", "bawaslu", "panwascam",
        "kpps", "tim sukses", "timses", "tim pemenangan", "nomor urut", "serangan fajar", "politik uang",
        "money politic", "money politics", "golput", "surat suara", "kotak suara", "quick count", "real count",
        "sirekap", "masa tenang", "pemungutan suara", "hari pencoblosan", "debat kandidat", "debat publik",
        "petahana", "incumbent", "dpt", "pemilih", "gakkumdu", "netralitas", "apk", "baliho", "visi misi",
        "hak pilih", "bakal calon", "kandidat", "capres", "cawapres", "caleg", "pilwako", "pilbup", "pilgub",
        "pilih nomor", "coblos nomor", "beli suara", "jual suara", "suara rakyat",
    )},
    **{t: 0.5 for t in (
        "calon", "suara", "pilih", "memilih", "dukung", "mendukung", "partai", "relawan", "debat", "gubernur",
        "bupati", "wali kota", "walikota", "menang", "kemenangan", "deklarasi", "koalisi", "pendukung",
        "elektabilitas", "survei", "presiden", "dprd", "wakil rakyat", "pemimpin", "demokrasi",
    )},
}

_NUMBER_MENTION = re.compile(
    r"\b(?:nomor urut|nomor|paslon|pasangan|urut|calon nomor|pose|salam|jari) (?P<n>\d{1,2}|satu|dua|tiga|empat|lima)"
    r"(?: jari)?\b"
)
_NUM_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5}
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]{1,30}[A-Za-z0-9_])")


@dataclass(frozen=True, slots=True)
class EntityMatch:
    kind: str  # region | candidate | party | actor | election | candidate_number
    id: str
    name: str
    start: int  # original text offsets
    end: int
    text: str
    n_start: int  # normalised text offsets (used by the rules)
    n_end: int
    token: int  # index of the first normalised token

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("n_start", "n_end", "token"):
            d.pop(k)
        return d


@dataclass
class Entities:
    matches: list[EntityMatch] = field(default_factory=list)
    election_score: float = 0.0

    def of(self, kind: str) -> list[EntityMatch]:
        return [m for m in self.matches if m.kind == kind]

    @property
    def election_related(self) -> bool:
        return self.election_score >= 1.0

    def region_codes(self) -> list[str]:
        out: list[str] = []
        for m in self.matches:
            if m.kind == "region" and m.id not in out:
                out.append(m.id)
        return out


def _alias_key(alias: str) -> str:
    return normalise_text(alias)


class Registry:
    """Candidates, parties, regions and actors to look for. Immutable after construction."""

    def __init__(
        self,
        candidates: Iterable[Candidate | Mapping] = (),
        parties: Iterable[Party | Mapping] | None = None,
        regions: Iterable[Region | Mapping | Sequence] | None = None,
        actors: Mapping[str, Sequence[str]] | None = None,
        election_terms: Mapping[str, float] | None = None,
    ) -> None:
        self.candidates = tuple(_as_candidate(c) for c in candidates)
        self.parties = tuple(_as_party(p) for p in (DEFAULT_PARTIES if parties is None else parties))
        self.regions = tuple(_as_region(r) for r in (DEFAULT_REGIONS if regions is None else regions))
        self.actors = dict(ACTOR_ALIASES if actors is None else actors)
        self.election_terms = dict(ELECTION_TERMS if election_terms is None else election_terms)
        index: dict[str, list[tuple[str, str, str]]] = {}

        def add(alias: str, kind: str, ident: str, name: str) -> None:
            key = _alias_key(alias)
            if not key:
                return
            lst = index.setdefault(key, [])
            if (kind, ident, name) not in lst:
                lst.append((kind, ident, name))

        for r in self.regions:
            add(r.name, "region", r.code, r.name)
            for a in r.aliases:
                add(a, "region", r.code, r.name)
        for p in self.parties:
            add(p.name, "party", p.id, p.name)
            for a in p.aliases:
                add(a, "party", p.id, p.name)
        for c in self.candidates:
            add(c.name, "candidate", c.id, c.name)
            for a in c.aliases:
                add(a, "candidate", c.id, c.name)
        for kind, aliases in self.actors.items():
            for a in aliases:
                add(a, "actor", kind, kind)
        for term in self.election_terms:
            add(term, "election", term, term)
        self._index = index
        self._first = {k.split(" ")[0] for k in index}
        self._maxn = max((k.count(" ") + 1 for k in index), default=1)
        self._by_number: dict[int, list[Candidate]] = {}
        self._handles: dict[str, Candidate] = {}
        for c in self.candidates:
            if c.number is not None:
                self._by_number.setdefault(int(c.number), []).append(c)
            for h in c.accounts:
                self._handles[h] = c

    # ------------------------------------------------------------------ construction helpers
    @classmethod
    def coerce(cls, obj: Registry | Mapping | None) -> Registry:
        if obj is None:
            return default_registry()
        if isinstance(obj, Registry):
            return obj
        if isinstance(obj, Mapping):
            return cls(
                candidates=obj.get("candidates", ()),
                parties=obj.get("parties"),
                regions=obj.get("regions"),
                actors=obj.get("actors"),
                election_terms=obj.get("election_terms"),
            )
        raise TypeError("registry must be a Registry or a mapping")

    def with_regions(self, regions: Iterable[Region | Mapping | Sequence]) -> Registry:
        return Registry(self.candidates, self.parties, regions, self.actors, self.election_terms)

    # ------------------------------------------------------------------ matching
    def match(self, norm: Normalised) -> Entities:
        text = norm.text
        toks = norm.tokens
        ents = Entities()
        if not toks or (self._first.isdisjoint(norm.tokset) and "jari" not in norm.tokset
                        and not (self._handles and "@user" in norm.tokset)):
            return ents
        starts = norm.token_starts
        score = 0.0
        seen_terms: set[str] = set()
        i = 0
        n_tok = len(toks)
        first = self._first
        index = self._index
        while i < n_tok:
            t = toks[i]
            if t not in first and not (len(t) > 5 and t.endswith("nya") and t[:-3] in first):
                i += 1
                continue
            hit = None
            for n in range(min(self._maxn, n_tok - i), 0, -1):
                key = t if n == 1 else " ".join(toks[i:i + n])
                hit = index.get(key)
                if not hit and len(key) > 5 and key.endswith("nya"):  # possessive: "wali kelasnya", "kadesnya"
                    hit = index.get(key[:-3])
                if hit:
                    break
            if not hit:
                i += 1
                continue
            a_n = starts[i]
            b_n = starts[i + n - 1] + len(toks[i + n - 1])
            if all(h[0] == "election" for h in hit):
                a = b = -1  # vocabulary hits are not reported with spans: skip the offset map
            else:
                a, b = norm.to_original(a_n, b_n)
            for kind, ident, name in hit:
                ents.matches.append(EntityMatch(kind, ident, name, a, b, norm.original[a:b] if a >= 0 else "",
                                                a_n, b_n, i))
                if kind == "election":
                    if ident not in seen_terms:
                        seen_terms.add(ident)
                        score += self.election_terms.get(ident, 0.0)
                elif kind == "candidate":
                    score += 1.0
                elif kind == "party":
                    score += 0.6
            i += n
        # candidate numbers ("nomor urut 2", "paslon 02", "pose dua jari")
        if "nomor" in text or "paslon" in text or "jari" in text or "urut" in text or "pasangan" in text:
            for m in _NUMBER_MENTION.finditer(text):
                raw = m.group("n")
                num = int(raw) if raw.isdigit() else _NUM_WORDS[raw]
                a, b = norm.to_original(m.start(), m.end())
                tok = text.count(" ", 0, m.start())
                cands = self._by_number.get(num, [])
                for c in cands:
                    ents.matches.append(EntityMatch("candidate", c.id, c.name, a, b, norm.original[a:b],
                                                    m.start(), m.end(), tok))
                ents.matches.append(EntityMatch("candidate_number", str(num), f"nomor {num}", a, b,
                                                norm.original[a:b], m.start(), m.end(), tok))
                score += 0.5
        if self._handles and "@" in norm.original:
            for m in _MENTION.finditer(norm.original):
                c = self._handles.get(m.group(1).lower())
                if c is None:
                    continue
                a, b = m.span()
                ri = next((k for k, (_t, st, _e) in enumerate(norm.raw_spans) if st == a), -1)
                n_a = max(0, norm.raw_index_to_text(ri)) if ri >= 0 else 0
                n_i = norm.text.count(" ", 0, n_a)
                ents.matches.append(EntityMatch("candidate", c.id, c.name, a, b, m.group(), n_a, n_a + 5, n_i))
                score += 1.0
        ents.election_score = round(score, 3)
        return ents


def _as_candidate(c: Candidate | Mapping) -> Candidate:
    """A Candidate from a mapping. Accepts ``{id, name, aliases, number, region, role, party_ids, accounts}`` and
    the pair form of pantau.elections (``{ballot_number, names, parties, region, accounts}``)."""
    if isinstance(c, Candidate):
        return c
    names = list(c.get("names") or [])
    name = c.get("name") or (names[0] if names else "")
    aliases = tuple(c.get("aliases", ())) + tuple(n for n in names if n and n != name)
    number = c.get("number", c.get("ballot_number"))
    region = c.get("region")
    ident = c.get("id") or f"{region or 'x'}-{number if number is not None else name}"
    accounts = tuple(str(a).lstrip("@").lower() for a in (c.get("accounts") or ()) if a)
    return Candidate(id=str(ident), name=name, aliases=aliases,
                     number=int(number) if number is not None else None, region=region, role=c.get("role", ""),
                     party_ids=tuple(c.get("party_ids", c.get("parties", ())) or ()), accounts=accounts)


def _as_party(p: Party | Mapping) -> Party:
    if isinstance(p, Party):
        return p
    return Party(id=str(p["id"]), name=p["name"], aliases=tuple(p.get("aliases", ())), number=p.get("number"))


def _as_region(r: Region | Mapping | Sequence) -> Region:
    if isinstance(r, Region):
        return r
    if isinstance(r, Mapping):
        return Region(code=str(r["code"]), name=r["name"], aliases=tuple(r.get("aliases", ())))
    code, name, *rest = r
    aliases = tuple(rest[0]) if rest else ()
    return Region(str(code), name, aliases)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return Registry()
