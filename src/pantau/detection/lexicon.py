"""Hand-written lexicons for the Indonesian normaliser (written for this project, no third-party lists).

SLANG maps a lower-cased social-media token to its standard form (one or more words). Entries were written
from general knowledge of Indonesian social-media spelling and Jambi Malay (Melayu Jambi) and are kept short
on purpose: a wrong expansion is worse than none, because the model also sees character n-grams.
"""

from __future__ import annotations

_SLANG_SPEC = """
# pronouns
gw gue gua aku_ gw' ane ana_=saya
aq ak=aku
lu lo loe lou elu elo lw u_ situ_=kamu
km kmu kamoe=kamu
ente=kamu
dy doi=dia
kalian_=kalian
kt kita2_=kita
mrk mreka=mereka
# negation (must survive normalisation)
ga gak gk nggak ngga nggk ngak enggak engga egak kagak kaga gag ndak nda tdk tak ora_ gx=tidak
idak dak ndak endak indak=tidak
gaada gada gakada=tidak ada
katek kateklah dakdo dakado=tidak ada
blm blom belom lom=belum
bkn bukn=bukan
jgn jngn jangn jang_=jangan
# function words
yg yng=yang
dgn dg dng=dengan
utk untk tuk tk_ buat_=untuk
krn krna karna karn coz=karena
sdh udh udah dah uda sudh=sudah
lg lgi=lagi
sm ama_=sama
tp tpi=tapi
klo kalo kl klw kalau=kalau
kyk kek kayak kya=seperti
aja aj ajah doang=saja
bae be_=saja
jd jdi=jadi
dr dri=dari
pd=pada
kpd=kepada
thd trhdp=terhadap
dlm=dalam
ttg=tentang
spt=seperti
sbg=sebagai
sblm=sebelum
stlh=setelah
org orng=orang
bs bsa=bisa
hrs=harus
msh masi=masih
trs trus=terus
skrg skg skrng=sekarang
bgt bngt banget bangettt=sangat
nian=sangat
dpt dapet=dapat
bnyk byk=banyak
emg emang=memang
tau tw taw=tahu
gmn gimana gmna=bagaimana
cakmano cak_mano=bagaimana
knp napa knapa=kenapa
apo=apa
mano=mana
samo=sama
ado=ada
kito=kita
ambo=saya
dio=dia
iko=ini
galo=semua
kagek=nanti
cubo=coba
pulo=pula
raso=rasa
budak=anak
siapo=siapa
kato=kata
lupo=lupa
agamo=agama
biso=bisa
suaro=suara
kitong=kita
samua=semua
pileh=pilih
sayo=saya
pacak=bisa
iyo=iya
nian2_=sangat
ni_=ini
tu_=itu
dll=dan lain lain
dsb=dan sebagainya
dkk=dan kawan kawan
yt=yaitu
sj=saja
cm cuman=cuma
sy=saya
bpk bp=bapak
ibu2=ibu ibu
mksd=maksud
mslh=masalah
pake=pakai
kasi ksh=kasih
ngasih=kasih
dikasi dikasih=diberi
nyoblos=coblos
milih=pilih
ngajak=ajak
ngancam=ancam
ngasi=kasih
duit doku fulus pitih=uang
amplopan=amplop
bagi2=bagi bagi
kpl=kepala
kadus=kepala dusun
sekdes=sekretaris desa
kadis=kepala dinas
timses=tim sukses
paslon=pasangan calon
cagub=calon gubernur
cawagub=calon wakil gubernur
cabup=calon bupati
cawabup=calon wakil bupati
cawako cawalkot=calon wali kota
cawawako=calon wakil wali kota
pilgub=pemilihan gubernur
pilbup=pemilihan bupati
pilwako pilwalkot=pemilihan wali kota
# money units written apart from the number
rb rbu rebu=ribu
jt jeti juta2=juta
"""


def _parse(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in spec.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        lhs, rhs = line.split("=", 1)
        if rhs.endswith("_"):
            # marker used above for entries that must not be expanded (kept only for documentation)
            continue
        for key in lhs.split():
            if key.endswith("_") or key.endswith("'"):
                continue  # ambiguous, documented but disabled
            out[key] = rhs
    return out


SLANG: dict[str, str] = _parse(_SLANG_SPEC)

# Terms that carry election meaning and are left as they are (the rules match both the short and the long form).
KEEP_AS_IS = {"kades", "timses", "paslon", "cagub", "cabup", "pilkada", "kpu", "bawaslu", "asn", "pns", "tni", "polri"}
for _k in KEEP_AS_IS:
    SLANG.pop(_k, None)

# Slang keys that are institutions' acronyms when written in capitals ("BKN" = Badan Kepegawaian Negara,
# not "bkn" = bukan).
ACRONYMS_IN_CAPS = {"bkn"}

# Words in which a double letter is legitimate: elongation "maaaaf" is collapsed to "maaf", not "maf".
KNOWN_DOUBLE = {
    "maaf", "saat", "taat", "jumaat", "saad", "manfaat", "keluarga", "sholat", "alquran", "quraan", "tanggal",
    "sanggup", "ringgit", "ingga", "pemimpinnya", "jamaah", "jemaah", "daerah", "laa", "allah", "assalamualaikum",
    "innalillahi", "inna", "akhirat", "muuu", "siapp", "mantapp", "ekonomi", "kooperatif", "koordinasi",
    "zoom", "good", "cool", "free", "tweet", "kpps", "ppp", "keep", "see", "book", "week", "need", "feel",
}

# Laughter tokens collapse to one canonical form.
LAUGH_PREFIXES = ("wkwk", "haha", "hehe", "hihi", "xixi", "kwkw", "awok", "wkkw", "ahah")

# Leetspeak digits inside words.
LEET = str.maketrans({"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "8": "b", "9": "g", "6": "g",
                      "@": "a", "$": "s", "!": "i"})

# A few emoji carry meaning for the harms we look for; the rest are dropped.
EMOJI_WORDS: dict[str, str] = {
    "\U0001F602": "tertawa", "\U0001F923": "tertawa", "\U0001F606": "tertawa", "\U0001F604": "tertawa",
    "\U0001F605": "tertawa", "\U0001F601": "tertawa", "\U0001F600": "tertawa",
    "\U0001F621": "marah", "\U0001F620": "marah", "\U0001F92C": "marah kasar", "\U0001F624": "marah",
    "\U0001F595": "kasar", "\U0001F4A9": "tai",
    "\U0001F437": "babi", "\U0001F416": "babi", "\U0001F43D": "babi",
    "\U0001F436": "anjing", "\U0001F415": "anjing", "\U0001F412": "monyet", "\U0001F435": "monyet",
    "\U0001F648": "monyet", "\U0001F40D": "ular", "\U0001F400": "tikus", "\U0001F401": "tikus",
    "\U0001F4B0": "uang", "\U0001F4B5": "uang", "\U0001F4B8": "uang", "\U0001F4B4": "uang", "\U0001F911": "uang",
    "\U0001F4B6": "uang", "\U0001F4B7": "uang", "\u2709": "amplop", "\U0001F4E9": "amplop", "\U0001F9E7": "amplop",
    "\U0001F52A": "pisau", "\U0001F5E1": "pisau", "\U0001F52B": "senjata", "\U0001F4A3": "bom", "\U0001F525": "api",
    "\U0001F480": "mati", "\u2620": "mati", "\U0001F47F": "setan", "\U0001F608": "setan",
    "\U0001F64F": "doa", "\U0001F44D": "setuju", "\U0001F44E": "tidak setuju", "\u261D": "satu",
    "\u270C": "dua", "\U0001F91F": "tiga", "\U0001F5F3": "pemilu", "\u2764": "cinta", "\U0001F60D": "cinta",
    "\U0001F62D": "sedih", "\U0001F622": "sedih", "\U0001F92E": "jijik", "\U0001F922": "jijik",
}

# Money slang: token -> integer rupiah.
MONEY_SLANG: dict[str, int] = {
    "goceng": 5_000, "ceban": 10_000, "goban": 50_000, "gocap": 50_000, "cepek": 100_000, "sejuta": 1_000_000,
    "gopek": 500, "seceng": 1_000, "noban": 20_000, "cenggo": 1_500,
}

NUMBER_WORDS: dict[str, int] = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000, "setengah": 0,
}
NUMBER_SCALES: dict[str, int] = {"belas": 10, "puluh": 10, "ratus": 100}
MONEY_UNITS: dict[str, int] = {
    "rb": 1_000, "ribu": 1_000, "rebu": 1_000, "k": 1_000, "rban": 1_000, "ribuan": 1_000, "jt": 1_000_000,
    "juta": 1_000_000, "jeti": 1_000_000, "juta an": 1_000_000, "m": 1_000_000_000, "miliar": 1_000_000_000,
    "milyar": 1_000_000_000, "triliun": 1_000_000_000_000,
}
