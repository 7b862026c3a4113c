"""The data files shipped in `plan_extract/data/<layer>/`, one pydantic model each.

Each file is read once per process and validated when it is read: a misspelt key, a missing
one, a value of the wrong type or a regex that does not compile fails as `ConfigError`
naming the file and the key, not as a KeyError on the first document. `check_all()` reads
them all (the CLI calls it before a batch starts). Models forbid unknown keys.
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, ValidationError

from .errors import ConfigError

DATA_DIR = Path(__file__).with_name("data")
"""Package data, one folder per layer: readers/, stages/, lexicon/, analysis/, taxonomies/."""

UPPER_CLASS = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
"""Upper-case Vietnamese letters as a regex class body; data-file regexes write it `{UP}`."""


def _compiles(regex: str) -> str:
    try:
        re.compile(regex.replace("{UP}", UPPER_CLASS))
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc
    return regex


Regex = Annotated[str, AfterValidator(_compiles)]
"""A regular expression as written in a data file (compiled by the module that uses it)."""


class Data(BaseModel):
    """A data file or a table of one: unknown keys are errors (a typo is one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- lexicon/ -----------------------------------------------------------------------------

class Tone(Data):
    pairs: list[tuple[str, str]]


class TextnormData(Data):
    tone: Tone
    legacy_glyphs: dict[str, str] = Field(description="glyph as printed -> the Vietnamese letter")


class LegacyDetect(Data):
    min_letters: int
    max_unicode_letter_share: float
    min_ascii_letter_share: float


class Tcvn3Detect(Data):
    min_symbol_share: float
    symbols: str


class VniDetect(Data):
    min_pair_share: float
    min_distinct_share: float
    max_orphan_share: float


def _one_char_values(table: dict[str, str]) -> dict[str, str]:
    for key, value in table.items():
        if len(value) != 1:
            raise ValueError(f"{key!r} = {value!r}: a sequence maps to one letter")
    return table


def _vni_sequences(table: dict[str, str]) -> dict[str, str]:
    for key in table:
        if len(key) not in (1, 2):
            raise ValueError(f"{key!r}: a VNI sequence is one character or a vowel and its mark")
    return _one_char_values(table)


class LegacyEncodingsData(Data):
    tcvn3: Annotated[dict[str, str], AfterValidator(_one_char_values)] = Field(
        description="TCVN3 code point as read -> Vietnamese letter")
    vni: Annotated[dict[str, str], AfterValidator(_vni_sequences)] = Field(
        description="VNI sequence as read (Windows-1252 code points) -> Vietnamese letter")
    detect: LegacyDetect
    tcvn3_detect: Tcvn3Detect
    vni_detect: VniDetect


class AttributeFields(Data):
    dates: list[str]


class AttributesData(Data):
    labels: dict[str, str] = Field(description="label as printed -> field, or fields split by '/'")
    fields: AttributeFields


class ItemsData(Data):
    item_start: Regex


class DocTypeNames(Data):
    names: list[str]


class DocTypesData(Data):
    types: DocTypeNames
    codes: dict[str, str]


class LawTitlesData(Data):
    titles: list[str] = Field(description="the laws' titles, as the National Assembly names them")


class AgenciesData(Data):
    heads: list[str]
    not_heads: list[str] = Field(description="words that open with a head but name no agency")
    capitalised: list[str]
    heading_max_words: int
    long_heading_max_words: int
    assigning_verbs: list[str]
    sentence_max_words: int
    request: Regex
    abbreviations: list[tuple[str, str]]
    departments: list[str]
    district_offices: list[str]
    verbs: list[str]
    verb_as_noun: Regex = Field(description="a verb's word used as a noun in a list of bodies "
                                            "('các cơ quan, tổ chức có liên quan')")
    assignment: list[Regex]
    partners_lead: Regex
    partners_stop: Regex
    partner_split_heads: list[str]


class District(Data):
    name: str
    unit: str


class Province(Data):
    name: str
    unit: str
    districts: list[District]


class AdminUnitsData(Data):
    source: str
    provinces: list[Province]


# --- readers/ -----------------------------------------------------------------------------

class PdfLayoutData(Data):
    segment_gap: float
    line_tolerance: float
    indent: float
    paragraph_gap: float
    turn_below_upright: float
    recipients: Regex
    signature_titles: Regex
    table_settings: dict[str, str | int | float]


class OcrCapitals(Data):
    phrases: list[str] = Field(description="fixed header phrases in capitals, as printed")
    units: list[str] = Field(description="locality units printed before a province's name")
    min_words: int = Field(ge=1, description="shortest phrase restored (single words are ambiguous)")
    names: list[str] = Field(description="agency names in sentence case, as printed in the body; "
                                         "the departments' names after 'Sở', 'Bộ', 'Phòng' are added")
    name_heads: list[str] = Field(description="the heads put before each department's name")
    names_min_words: int = Field(ge=2, description="shortest name restored")


class OcrStamp(Data):
    labels: list[Regex] = Field(min_length=2, description="an e-signature stamp's labels, as read")
    min_labels: int = Field(ge=2, description="labels of one stamp found left-aligned, at least")
    align: float = Field(gt=0, description="labels start within this many word heights of each other")
    span: float = Field(gt=0, description="a stamp is at most this many word heights tall")
    below: float = Field(ge=0, description="its values run this many word heights below its last label")


class OcrTones(Data):
    min_count: int = Field(ge=1, description="times the restored pair stands in the digital texts, at least")
    passes: int = Field(ge=1, description="passes over a line (a word put back helps its neighbour)")
    confusable: dict[str, str] = Field(description="a letter OCR reads for another -> that one, in the "
                                                   "letters compared (after tone marks are taken off)")


class OcrMarkers(Data):
    letters: list[str] = Field(min_length=2, description="the item letters in their order (a, b, c, d, đ, …)")
    look_alike: dict[str, list[str]] = Field(description="a letter -> what OCR reads it as, in a marker")


class OcrFixesData(Data):
    fixes: dict[Regex, str]
    glyphs: dict[str, str] = Field(description="look-alike characters OCR returns -> the intended one")
    capitals: OcrCapitals
    stamp: OcrStamp
    tones: OcrTones
    markers: OcrMarkers


class OcrBigramsData(Data):
    source: str
    min_count: int = Field(ge=1, description="pairs seen fewer times are left out")
    bigrams: dict[str, int] = Field(description="'word word' (lower case, one tone placement) -> times seen")


class OcrChoice(Data):
    intercept: float = Field(description="asterocr kept when 100 x its char probability > this ...")
    tesseract_weight: float = Field(ge=0, description="... plus this x tesseract's word confidence")


class OcrCrop(Data):
    pad_x: float = Field(ge=0, description="horizontal padding of a run's crop, in word heights")


class OcrEngineData(Data):
    choice: OcrChoice
    crop: OcrCrop


def _hex(prefix: str) -> str:
    bytes.fromhex(prefix)  # a ValueError names the bad digit
    return prefix


class Limits(Data):
    max_input_bytes: int = Field(gt=0)
    max_docx_unpacked_bytes: int = Field(gt=0)
    max_docx_xml_part_bytes: int = Field(gt=0)
    max_docx_parts: int = Field(gt=0)
    max_docx_xml_elements: int = Field(gt=0)
    max_pdf_pages: int = Field(gt=0)
    max_html_tags: int = Field(gt=0)
    max_html_depth: int = Field(gt=0)
    max_markdown_cells: int = Field(gt=0)


class FormatsData(Data):
    refused: dict[str, str] = Field(description="suffix -> why it is not read and what to do")
    magic: dict[Annotated[str, AfterValidator(_hex)], str] = Field(
        description="first bytes (hex) of a kind of file that is refused -> why")
    zip_parts: dict[str, str] = Field(description="part of a ZIP archive that is no DOCX -> what it is")
    legacy_fonts: dict[str, Literal["tcvn3", "vni"]] = Field(
        description="DOCX font name prefix -> the legacy encoding its runs are typed in")
    limits: Limits


def _codec(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError as exc:
        raise ValueError(f"not a charset Python can decode: {name!r}") from exc
    return name


Codec = Annotated[str, AfterValidator(_codec)]
"""A charset name Python's codecs know."""


class CharsetsData(Data):
    head_bytes: int = Field(gt=0)
    min_utf8_share: float
    max_broken_utf8_share: float = Field(ge=0, le=1)
    max_chaos: float
    min_coherence: float
    candidates: list[Codec] = Field(min_length=1)
    html_fallback: Codec
    aliases: dict[str, Codec] = Field(description="charset label as declared -> the codec read")


# --- stages/ ------------------------------------------------------------------------------

class Boilerplate(Data):
    lines: list[str]
    patterns: list[Regex]
    link_list_headers: list[str]
    link_list_max_words: int


class SignatureStamp(Data):
    first: Regex
    rest: list[Regex]


class Dedup(Data):
    min_lines: int
    min_chars: int
    prefix_min_chars: int


class Truncation(Data):
    patterns: list[Regex]


class BlankBreak(Data):
    min_chars: int = Field(gt=0, description="shortest line that goes on across a blank line")
    open_endings: list[str] = Field(description="words no sentence ends with (lower case)")


class PageNumbers(Data):
    min_indent: int = Field(ge=0, description="spaces a page number is set in, at least")
    min_gap: int = Field(gt=0, description="lines from one page number to the next, at least")
    min_run: int = Field(ge=2, description="page numbers in a run, at least")


class NormalizeData(Data):
    boilerplate: Boilerplate
    signature_stamp: SignatureStamp
    dedup: Dedup
    truncation: Truncation
    blank_break: BlankBreak
    page_numbers: PageNumbers


class National(Data):
    motto: str
    party_motto: str = Field(description="what a party committee's header prints in the motto's place")
    motto2: Regex
    number: Regex
    place_date: Regex
    signature_titles: list[Regex]
    not_name_words: list[str]
    letter_subject: Regex = Field(description="a Công văn's subject line, its type unprinted")
    letter_type: str = Field(description="the type such a header gives")
    self_issuance: Regex = Field(description="a plan's own issuing sentence, for a copy whose "
                                             "header was left off ('who', 'type')")
    issuing_caption: Regex = Field(description="the caption of a plan printed without its decision, "
                                               "naming it ('num', 'date')")


class Organ(Data):
    printed: str
    name: str
    level: Literal["central", "province", "district", "commune"] | None = None
    title_rest: bool = False
    unit: str | None = Field(default=None, description="the unit whose name follows the organ's with no "
                                                       "unit word (a party committee's locality)")


class Units(Data):
    province: list[str]
    district: list[str]
    commune: list[str]


class Period(Data):
    range: Regex
    end: Regex
    year: Regex
    prepares: Regex = Field(description="a plan that prepares another document: the years after "
                                        "this are that document's, not the plan's")
    objectives_part: Regex = Field(description="the heading of the plan's objectives part")
    part: Regex = Field(description="a part heading: where the objectives part ends")
    objective_end: Regex = Field(description="an objective's own end year in the objectives part "
                                             "('Mục tiêu cụ thể đến năm 2030', 'Phấn đấu đến "
                                             "năm 2030', 'Tầm nhìn đến năm 2050')")
    cited_number: Regex = Field(description="a document cited by its number in a title")
    vision: Regex = Field(description="a vision year after a period ('tầm nhìn đến năm 2045')")
    time_frame: Regex = Field(description="the plan's own time-frame heading ('2. Thời gian thực "
                                          "hiện: …'); `rest` is what follows on its line")
    frame_year: Regex = Field(description="a year the time frame prints (`y`), not one inside a "
                                          "cited number ('45/2025/NĐ-CP')")
    frame_max_chars: int = Field(gt=0, description="how much of the time frame is read")
    numbered_line: Regex = Field(description="a numbered or marked line: where the time frame ends")


class Effective(Data):
    on_signing: Regex
    on_date: Regex


class News(Data):
    published_max_chars: int
    published: list[Regex]
    issued: Regex
    cited: Regex


class IssuerRules(Data):
    organ_block_lines: int = Field(ge=1, description="organ lines read above the number line")
    dependent: list[str] = Field(description="folded first words of a body named with its parent")


class HeaderData(Data):
    national: National
    issuer: IssuerRules
    kinds: dict[str, Literal["plan", "decision", "news", "other"]]
    organs: list[Organ]
    units: Units
    period: Period
    effective: Effective
    news: News


class Marker(Data):
    kind: str
    rank: float
    regex: Regex
    upper: bool = False


class OutlineRules(Data):
    attachment: Regex
    list_title: Regex = Field(description="the title of an attached list printed without 'Phụ "
                                          "lục' ('DANH MỤC', 'BIỂU'): an appendix")
    end_matter: list[Regex]
    elided: Regex
    closing: list[Regex]
    role_max_words: int = Field(ge=1, description="words past which a heading is a sentence, "
                                                  "with no part role")
    part_name: Regex = Field(description="a heading that names a part at any length (case-folded)")


class RoleRule(Data):
    role: Literal["basis", "purpose", "objectives", "tasks", "organisation", "funding", "scope",
                  "other"]
    regex: Regex


class OutlineData(Data):
    markers: list[Marker]
    outline: OutlineRules
    roles: list[RoleRule]


class ReferencesData(Data):
    types: list[str]
    number: Regex
    not_document: Regex = Field(description="words before 'số N' that make it no citation (a form)")
    untyped: str = Field(description="the type of a cited number whose type nothing names")
    stop_issuer: Regex
    law_types: list[str]
    law_title_max_words: int
    law_bare_max_words: int
    law_bare_stop: Regex
    issuer_codes: dict[str, str]
    law_issuers: dict[str, str]


class CellLines(Data):
    """A table printed one cell per line (gazette text): how its cells are told apart."""

    joining: list[str] = Field(description="words a cell's line can end on before it goes on")
    joining_number: list[str] = Field(description="words after which a line opening with a "
                                                  "digit goes on (a date, a document number)")
    spanning_ratio: float = Field(gt=1, description="a numbered line this many times longer "
                                                    "than a cell line is a group row")
    time_cell: Regex = Field(description="a row's last run that is its time cell")
    max_row_lines: int = Field(ge=1, description="lines past which a 'row' is text after the table")
    end: Regex = Field(description="a line that ends the table (the next appendix)")


class TaskTableColumns(Data):
    number: list[str]
    task: list[str]
    lead: list[str]
    partners: list[str]
    deadline: list[str]
    other: list[str] = Field(description="other columns (product, level): known so a header "
                                         "printed one name per line is read to its end")
    cell_lines: CellLines


class AttributeLabels(Data):
    deadline: list[str] = Field(description="labels of a line giving the activity's time")
    partners: list[str] = Field(description="labels of a line naming its partners")
    lead: list[str] = Field(description="labels of a line naming its lead agency")
    beside: list[str] = Field(description="labels of other attribute lines (place, funds, form), "
                                          "also as headings beside the items they describe")
    other: list[str] = Field(description="labels of attribute lines only under a heading "
                                         "(a 'Nội dung:' beside items heads items of its own)")
    max_extra_words: int = Field(ge=0, description="words a label may run on before its colon")
    particulars: list[str] = Field(description="labels whose lines may list values under them "
                                               "in a lettered block (sites, parameters, counts)")
    bare_name: Regex = Field(description="a block's heading that only names it ('Hoạt động 1'): "
                                         "its task is the value of its content line")
    content: Regex = Field(description="the content line of a named block ('- Nội dung: …'), "
                                       "its value in group 'value'")
    time_without_colon: Regex = Field(description="a time line printed without its colon "
                                                  "('Thời gian thực hiện sau khi …'), its "
                                                  "value in group 'value'")


class ActivitiesData(Data):
    deadline: Regex
    not_tasks: list[Regex]
    action_types: list[str]
    inline_plan: Regex = Field(description="an article that approves or issues a plan written "
                                           "out under it")
    not_topical: Regex = Field(description="a part with no role that is still no task part "
                                           "(its form, method or slogans)")
    attributes: AttributeLabels
    table: TaskTableColumns


# --- analysis/ ----------------------------------------------------------------------------

class Column(Data):
    dtype: Literal["string", "category", "datetime", "Int64", "Float64", "boolean", "list"]
    doc: str
    values: str | list[str] | None = None


class FramesData(RootModel[dict[str, dict[str, Column]]]):
    """Table -> column -> its dtype, doc and (categories) values, in frame order."""

    model_config = ConfigDict(frozen=True)


class Colour(Data):
    fill: str
    ink: str


class Unassigned(Colour):
    name: str


class Chart(Data):
    max_rows: int
    label_width: int
    label_chars: int
    bar_width: int
    total_width: int
    row_height: int
    bar_height: int
    axis_height: int
    max_ticks: int
    digit_px: int
    label_padding_px: int
    document_bar_width: int
    document_bar_height: int


class NarrowChart(Data):
    """The charts on a phone: each row's label above its bar (report.toml [narrow])."""

    below_px: int
    margin: int
    bar_width: int
    total_width: int
    label_chars: int
    label_height: int
    row_gap: int


class ReportData(Data):
    pillars: dict[str, Colour]
    unassigned: Unassigned
    spare: list[Colour]
    chart: Chart
    narrow: NarrowChart


# --- taxonomies/<name>/ -------------------------------------------------------------------

class Element(Data):
    code: str
    en: str
    vi: str
    keywords: list[str] = []


class Pillar(Data):
    code: str
    en: str
    vi: str
    declaring: list[str] = []
    elements: list[Element] = []
    #: a later taxonomy's goal: the ASCC 2025 characteristics (A-E) it continues, main one
    #: first; [] where none does. None: the taxonomy is not mapped to another one.
    maps_to: list[str] | None = None
    mapping_note: str | None = None
    #: wording (or number) not yet checked against the legal text: see the taxonomy's source
    provisional: bool = False


class TaxonomyData(Data):
    name: str
    title: str
    source: str
    pillars: list[Pillar]


class CitedDocument(Data):
    """A document whose citation selects the taxonomy. Numbers restart every year, so the
    year tells it from another document of the same number."""

    doc_number: str
    year: int
    title: str = ""


class NamedPlan(Data):
    """A plan named in the text: `phrase`, then `period` within `within` syllables."""

    phrase: str
    period: str
    within: int = Field(12, ge=1)


class TaxonomySelection(Data):
    """taxonomies/<name>/selection.toml: when the run leaves the taxonomy to the document
    (`extract` without --taxonomy), the documents that get this one."""

    cites: list[CitedDocument] = []
    names: list[NamedPlan] = []


# --- loading ------------------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)

FILES: dict[str, type[BaseModel]] = {
    "lexicon/textnorm.toml": TextnormData,
    "lexicon/attributes.toml": AttributesData,
    "lexicon/doc_types.toml": DocTypesData,
    "lexicon/agencies.toml": AgenciesData,
    "lexicon/items.toml": ItemsData,
    "lexicon/legacy_encodings.toml": LegacyEncodingsData,
    "lexicon/law_titles.toml": LawTitlesData,
    "lexicon/admin_units.json": AdminUnitsData,
    "readers/pdf_layout.toml": PdfLayoutData,
    "readers/ocr_fixes.toml": OcrFixesData,
    "readers/ocr_bigrams.json": OcrBigramsData,
    "readers/ocr_engine.toml": OcrEngineData,
    "readers/formats.toml": FormatsData,
    "readers/charsets.toml": CharsetsData,
    "stages/normalize.toml": NormalizeData,
    "stages/header.toml": HeaderData,
    "stages/outline.toml": OutlineData,
    "stages/references.toml": ReferencesData,
    "stages/activities.toml": ActivitiesData,
    "analysis/frames.toml": FramesData,
    "analysis/report.toml": ReportData,
}
"""Every data file of the package but the taxonomies' (one folder each) and the SQL views."""


def read_data(path: Path, where: str | None = None) -> Any:
    """The parsed TOML or JSON of a data file; a syntax error is a ConfigError naming
    `where` (the file by default)."""
    try:
        text = path.read_text("utf-8")
        return json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        raise ConfigError(f"{where or path}: {exc}") from exc


def validated(model: type[M], raw: Any, where: str) -> M:
    """`raw` as `model`, or a ConfigError naming `where` and each key that is wrong."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
                             for e in exc.errors())
        raise ConfigError(f"{where}: {problems}") from exc


@cache
def load(name: str) -> Any:
    """The model of data file `name` (a key of FILES), read and validated once."""
    if name not in FILES:
        raise ConfigError(f"{name}: not a data file of plan-extract ({', '.join(FILES)})")
    return validated(FILES[name], read_data(DATA_DIR / name, f"data/{name}"), f"data/{name}")


def check_all() -> None:
    """Read and validate every data file now, so a broken one stops a run before its first
    document rather than failing every document."""
    for name in FILES:
        load(name)


def textnorm() -> TextnormData:
    return load("lexicon/textnorm.toml")


def attributes() -> AttributesData:
    return load("lexicon/attributes.toml")


def doc_types() -> DocTypesData:
    return load("lexicon/doc_types.toml")


def law_titles() -> LawTitlesData:
    return load("lexicon/law_titles.toml")


def legacy_encodings() -> LegacyEncodingsData:
    return load("lexicon/legacy_encodings.toml")


def items() -> ItemsData:
    return load("lexicon/items.toml")


def agencies() -> AgenciesData:
    return load("lexicon/agencies.toml")


def admin_units() -> AdminUnitsData:
    return load("lexicon/admin_units.json")


def pdf_layout() -> PdfLayoutData:
    return load("readers/pdf_layout.toml")


def ocr_fixes() -> OcrFixesData:
    return load("readers/ocr_fixes.toml")


def ocr_bigrams() -> OcrBigramsData:
    return load("readers/ocr_bigrams.json")


def ocr_engine() -> OcrEngineData:
    return load("readers/ocr_engine.toml")


def formats() -> FormatsData:
    return load("readers/formats.toml")


_limit_overrides: dict[str, int] = {}
"""Limits set for this process over the data file's (the CLI's --max-* options)."""


def set_limits(**values: int | None) -> None:
    """Override limits of data/readers/formats.toml in this process (worker processes get
    them from `limit_overrides`); a value of None goes back to the file's."""
    for name, value in values.items():
        if name not in Limits.model_fields:
            raise ValueError(f"no limit named {name!r} ({', '.join(Limits.model_fields)})")
        if value is None:
            _limit_overrides.pop(name, None)
        elif not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"{name} must be a positive whole number, not {value!r}")
        else:
            _limit_overrides[name] = value


def reset_limits() -> None:
    _limit_overrides.clear()


def limit_overrides() -> dict[str, int]:
    return dict(_limit_overrides)


_UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "kib": 2**10, "m": 2**20, "mb": 2**20,
          "mib": 2**20, "g": 2**30, "gb": 2**30, "gib": 2**30}


def parse_size(text: str) -> int:
    """Bytes in a size as a user writes it: 200M, 1.5G, 64MiB, 500k, 1000 (binary units:
    limits are about memory)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    unit = m.group(2).lower() if m else ""
    if m is None or unit not in _UNITS:
        raise ValueError(f"not a size: {text!r} (a number of bytes, or with K, M or G: 200M, 1.5G)")
    size = int(float(m.group(1)) * _UNITS[unit])
    if size <= 0:
        raise ValueError(f"a size must be more than 0 bytes, not {text!r}")
    return size


def size_text(size: int) -> str:
    """A byte count as a person reads it: 200 MiB, 1.5 GiB, 12 kiB, 900 B."""
    for unit, factor in (("GiB", 2**30), ("MiB", 2**20), ("kiB", 2**10)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


def limits() -> Limits:
    """The limits in force: the data file's, with those `set_limits` changed."""
    base = formats().limits
    return base.model_copy(update=_limit_overrides) if _limit_overrides else base


def charsets() -> CharsetsData:
    return load("readers/charsets.toml")


def normalize() -> NormalizeData:
    return load("stages/normalize.toml")


def header() -> HeaderData:
    return load("stages/header.toml")


def outline() -> OutlineData:
    return load("stages/outline.toml")


def references() -> ReferencesData:
    return load("stages/references.toml")


def activities() -> ActivitiesData:
    return load("stages/activities.toml")


def frames() -> FramesData:
    return load("analysis/frames.toml")


def report() -> ReportData:
    return load("analysis/report.toml")

