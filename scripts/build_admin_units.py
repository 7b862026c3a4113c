"""Build src/plan_extract/data/lexicon/admin_units.json from the vietnam-provinces package.

Run with vietnam-provinces==0.6.0 installed (63 provinces with districts, as before the 2025
reform), optionally pointing --new at a 2025.x install for the 34 merged provinces:

    pip install vietnam-provinces==0.6.0 && python scripts/build_admin_units.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Names documents before 2025 use for units the package already renamed.
HISTORICAL = {"Thừa Thiên Huế": ("Huế", "tỉnh")}


def strip_unit(name: str, units: tuple[str, ...]) -> tuple[str, str]:
    for unit in units:
        if name.startswith(unit + " "):
            return unit.lower(), name[len(unit) + 1:]
    return units[-1].lower(), name


def main(out: Path) -> None:
    import vietnam_provinces

    data_file = Path(vietnam_provinces.__file__).parent / "data" / "nested-divisions.json"
    nested = json.loads(data_file.read_text("utf-8"))
    provinces = []
    for p in nested:
        unit, name = strip_unit(p["name"], ("Thành phố", "Tỉnh"))
        districts = [
            dict(zip(("unit", "name"), strip_unit(d["name"], ("Thành phố", "Thị xã", "Quận", "Huyện")),
                     strict=True))
            for d in p.get("districts", [])
        ]
        provinces.append({"name": name, "unit": unit, "districts": districts})
    by_name = {p["name"]: p for p in provinces}
    for old, (new, unit) in HISTORICAL.items():
        if new in by_name and old not in by_name:
            provinces.append({"name": old, "unit": unit, "districts": by_name[new]["districts"]})
    doc = {"source": f"vietnam-provinces {vietnam_provinces.__version__} (MIT); historical names "
                     f"added: {', '.join(HISTORICAL)}", "provinces": provinces}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=0), "utf-8")
    print(f"wrote {len(provinces)} provinces to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path(__file__).parents[1] / "src/plan_extract/data/lexicon/admin_units.json")
