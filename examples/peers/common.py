"""Pure-Python parts shared by the benchmark peers (see README.md).

Both peers use exactly these functions for the interpretation (pipeline files, rule sets, name
folding, the gazetteer index, header detection, name resolution); they differ only in how they
read workbooks and handle frames.
"""

from __future__ import annotations

import csv
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LEVELS = ["I", "II", "III", "IV"]
UNRANKED = "Không xếp hạng"
EPS = 1e-9  # as the Rust tool: score + EPS >= cut-off

# Type words (folded), longest first so that "thi xa" wins over "xa".
DISTRICT_TYPES = ["thanh pho", "thi xa", "huyen", "quan"]
COMMUNE_TYPES = ["thi tran", "phuong", "xa"]
PREFIXES = ["uy ban nhan dan", "ubnd"]

# Header keywords (folded).
NAME_WORDS = ["ten don vi", "don vi", "cac xa", "ten xa", "ten huyen"]
ACHIEVED_WORDS = ["muc do dat duoc"]
READINESS_WORDS = ["dieu kien san sang"]
SCORE_WORDS = ["diem"]
NOT_SCORE_WORDS = ["xep hang", "ket qua", "muc do chinh quyen"]


def fold(text) -> str:
    """Accent-folds: NFD, combining marks dropped, đ→d, lower-case, spaces collapsed."""
    if text is None:
        return ""
    s = str(text).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().split())


def clean(text) -> str:
    """Exact form for matching: NFC, lower-case, spaces collapsed (accents kept)."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).lower().split())


def split_type(folded: str) -> tuple[str | None, str | None, int]:
    """'ubnd huyen cam lam' → ('district', 'huyen', 2): kind, type word, words before the name."""
    words = folded.split()
    n = 0
    for p in PREFIXES:
        if words[: len(p.split())] == p.split():
            n = len(p.split())
            break
    for kind, types in (("district", DISTRICT_TYPES), ("commune", COMMUNE_TYPES)):
        for t in types:
            tw = t.split()
            if words[n : n + len(tw)] == tw and len(words) > n + len(tw):
                return kind, t, n + len(tw)
    return None, None, n


def label_keys(label) -> tuple[str | None, str | None, str, str]:
    """A unit label → (kind, folded type word, exact name, folded name), type words stripped."""
    f = fold(label)
    kind, word, n = split_type(f)
    return kind, word, " ".join(clean(label).split()[n:]), " ".join(f.split()[n:])


# --- pipelines and rule sets -------------------------------------------------------------------


@dataclass
class RuleSet:
    level: str  # commune / district
    dimension: str  # achieved / readiness
    maximum: float
    cut_points: list[float]  # cut-offs of I..IV in points

    def classify(self, score: float | None) -> str | None:
        if score is None or score != score:
            return None
        for name, cut in zip(LEVELS, self.cut_points):
            if score + EPS >= cut:
                return name
        return UNRANKED


@dataclass
class Year:
    year: int
    raw: Path
    rules: dict[tuple[str, str], RuleSet] = field(default_factory=dict)


@dataclass
class Pipeline:
    path: Path
    name: str
    province: str
    years: list[Year]


def load_pipeline(path: Path) -> Pipeline:
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    years = []
    for y in doc.get("year", []):
        raw = (path.parent / y["raw"]).resolve()
        rules = {}
        for r in y.get("rule_set", []):
            maximum = float(r["maximum"])
            cuts = [float(r["cutoffs"][k]) for k in LEVELS]
            if r.get("cutoff_unit", "points") == "percent":
                cuts = [c * maximum / 100.0 for c in cuts]
            rules[(r["level"], r["dimension"])] = RuleSet(r["level"], r["dimension"], maximum, cuts)
        years.append(Year(int(y["year"]), raw, rules))
    return Pipeline(path, doc["name"], str(doc["province"]), years)


def pipeline_files(path: Path) -> list[Path]:
    """A pipeline file as it is; a folder as its *.toml files, sorted (as `egov-etl run`)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.iterdir() if p.suffix == ".toml" and p.is_file())


def workbooks(raw: Path) -> list[Path]:
    return sorted(p for p in raw.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))


# --- gazetteer ---------------------------------------------------------------------------------


class Gazetteer:
    """Index of the GSO list: districts by province, communes by district and by province.

    Each unit is keyed by its exact name (accents kept: "Hoằng Quỳ" and "Hoằng Quý" are two
    communes of one district) and its folded name, each with and without its type word; a key
    shared by two units maps to None (ambiguous).
    """

    def __init__(self, csv_path: Path):
        self.rows: list[dict] = []  # one per unit: unit_code, unit_type, name, district_code, province_code
        self.districts: dict[str, dict] = {}  # province → key → code
        self.communes: dict[str, dict] = {}  # district → key → code
        self.communes_p: dict[str, dict] = {}  # province → key → code
        seen_d = set()
        with open(csv_path, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                p, d = r["province_code"], r["district_code"]
                if d not in seen_d:
                    seen_d.add(d)
                    self.rows.append(dict(unit_code=d, unit_type=r["district_type"], name=r["district_name"],
                                          district_code=d, province_code=p))
                    self._add(self.districts.setdefault(p, {}), r["district_type"], r["district_name"], d)
                if r["commune_code"]:
                    c = r["commune_code"]
                    self.rows.append(dict(unit_code=c, unit_type=r["commune_type"], name=r["commune_name"],
                                          district_code=d, province_code=p))
                    self._add(self.communes.setdefault(d, {}), r["commune_type"], r["commune_name"], c)
                    self._add(self.communes_p.setdefault(p, {}), r["commune_type"], r["commune_name"], c)

    @staticmethod
    def _add(index: dict, unit_type: str, name: str, code: str) -> None:
        t = fold(unit_type)
        for key in (("exact", t, clean(name)), ("exact", None, clean(name)),
                    ("fold", t, fold(name)), ("fold", None, fold(name))):
            index[key] = code if index.get(key, code) == code else None

    @staticmethod
    def _find(index: dict | None, word: str | None, exact: str, folded: str) -> str | None:
        """Exact name before folded name; with the type word before without it."""
        if not index:
            return None
        for key in (("exact", word, exact), ("exact", None, exact), ("fold", word, folded), ("fold", None, folded)):
            if key in index:
                return index[key]  # None when ambiguous: no guessing further
        return None

    def resolve_workbook(self, province: str, labels: list) -> tuple[list, list]:
        """Resolves the unit labels of one workbook (in row order, all sheets).

        The district rows (prefix "UBND" or a district type word) are matched within the province;
        the communes within the district of the first resolved district row, else within the
        province. Returns (kinds, codes) with None where unresolved.
        """
        parsed = [label_keys(x) for x in labels]
        kinds: list = [None] * len(labels)
        codes: list = [None] * len(labels)
        dindex = self.districts.get(province)
        district = None
        for i, (kind, word, exact, folded) in enumerate(parsed):
            if kind == "district":
                code = self._find(dindex, word, exact, folded)
                if code is not None:
                    kinds[i], codes[i] = "district", code
                    district = district or code
        cindex = self.communes.get(district) if district else None
        pindex = self.communes_p.get(province)
        for i, (kind, word, exact, folded) in enumerate(parsed):
            if kind == "district":
                continue
            code = self._find(cindex, word, exact, folded) or self._find(pindex, word, exact, folded)
            if code is not None:
                kinds[i], codes[i] = "commune", code
            elif kind is None:  # no type word: maybe a district named bare
                code = self._find(dindex, None, exact, folded)
                if code is not None:
                    kinds[i], codes[i] = "district", code
        return kinds, codes


# --- header detection --------------------------------------------------------------------------


@dataclass
class Header:
    data_start: int  # first row after the header
    name_col: int
    achieved_col: int
    readiness_col: int


def _columns(texts: list[str]) -> tuple[int | None, int | None, int | None]:
    name = ach = rdy = None
    for j, t in enumerate(texts):
        if not t:
            continue
        is_score = any(w in t for w in SCORE_WORDS) and not any(w in t for w in NOT_SCORE_WORDS)
        if is_score and ach is None and any(w in t for w in ACHIEVED_WORDS):
            ach = j
        elif is_score and rdy is None and any(w in t for w in READINESS_WORDS):
            rdy = j
        elif name is None and any(w in t for w in NAME_WORDS) and not is_score:
            name = j
    return name, ach, rdy


def find_header(rows: list[list], scan: int = 30) -> Header | None:
    """Finds the header in the first `scan` rows (lists of cell values), by its words.

    One-row header: the name column and both score columns in one row. Two-row header: the
    dimension words in the row with the name column (spanning merged cells to their right) and
    "điểm" in the row below.
    """
    folded = [[fold(v) if isinstance(v, str) else "" for v in row] for row in rows[:scan]]
    for i, texts in enumerate(folded):
        name, ach, rdy = _columns(texts)
        if name is None:
            continue
        if ach is not None and rdy is not None:
            return Header(i + 1, name, ach, rdy)
        if i + 1 < len(folded):
            below = folded[i + 1]
            combined, dim = [], ""
            for j in range(max(len(texts), len(below))):
                top = texts[j] if j < len(texts) else ""
                if top:
                    dim = top if any(w in top for w in ACHIEVED_WORDS + READINESS_WORDS) else ""
                low = below[j] if j < len(below) else ""
                combined.append(f"{top or dim} {low}".strip())
            name2, ach, rdy = _columns(combined)
            if ach is not None and rdy is not None:
                return Header(i + 2, name, ach, rdy)
    return None


def is_header_label(label) -> bool:
    """A repeated header row's name cell."""
    t = fold(label)
    return any(w in t for w in NAME_WORDS) and split_type(t)[0] is None


def parse_number(v) -> float | None:
    """A cell as a number: numbers as they are; text without its spaces (NBSP too), "," → "."."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if v == v else None
    try:
        return float("".join(str(v).split()).replace(",", "."))
    except ValueError:
        return None


def report(peer: str, files: int, resolved: int, unresolved: int, seconds: float) -> None:
    print(f"peer={peer} files={files} units={resolved} unresolved={unresolved} seconds={seconds:.3f}")
    sys.stdout.flush()
