#!/usr/bin/env python3
"""Lines of each capability by kind, for the README's table (run from the repository root).

Kinds, by file: declarations (field tables, listings, the capability, OpenAPI, settings, actions,
migrations), rules (YanglaoCore/<Capability>/ but actions), pages (*Page.swift, *Pages.swift,
*Forms.swift), demo (the demo city's records) and glue (the rest: stores, services, API handlers,
JSON, imports, exports, interfaces). Blank lines and comment-only lines are not counted.
"""
import re
import sys
from pathlib import Path

CAPABILITIES = {"Facilities": ("YanglaoFacilities", "Facilities"), "Elders": ("YanglaoElders", "Elders"), "Plans": ("YanglaoPlans", "Plans")}
KINDS = ["declarations", "rules", "pages", "glue", "demo"]


def kind(path: Path, core: bool) -> str:
    name = path.name
    if core:
        return "declarations" if name.endswith("Actions.swift") else "rules"
    if "Migrations" in path.parts or re.search(r"(Fields|List|Capability|OpenAPI|Settings)\.swift$", name):
        return "declarations"
    if re.search(r"(Page|Pages|Forms)\.swift$", name):
        return "pages"
    if "Demo" in name or "Seeds" in name or name.startswith("Synthetic"):
        return "demo"
    return "glue"


def counted(path: Path) -> int:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return sum(1 for line in lines if line and not line.startswith("//"))


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    print("| capability | " + " | ".join(KINDS) + " | total | declarations share |")
    print("|---|" + "---:|" * (len(KINDS) + 2))
    for capability, (target, core) in CAPABILITIES.items():
        totals = dict.fromkeys(KINDS, 0)
        for path in (root / "Sources" / target).rglob("*.swift"):
            totals[kind(path, core=False)] += counted(path)
        for path in (root / "Sources" / "YanglaoCore" / core).rglob("*.swift"):
            totals[kind(path, core=True)] += counted(path)
        total = sum(totals.values())
        share = totals["declarations"] / max(1, total - totals["rules"] - totals["demo"])
        print(f"| {capability} | " + " | ".join(f"{totals[k]:,}" for k in KINDS) + f" | {total:,} | {share:.0%} |")


if __name__ == "__main__":
    main()
