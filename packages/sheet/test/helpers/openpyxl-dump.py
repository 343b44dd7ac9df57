"""Reads xlsx files with openpyxl (an independent reader) and prints, as JSON, per file: the sheet
names, the defined names and every cell's formula and cached value.

Usage: python3 openpyxl-dump.py a.xlsx b.xlsx ...   (one call for many files: start-up is slow)
openpyxl refuses a part that is not well-formed XML, so a file it reads is well-formed.
"""
import json
import math
import sys

import openpyxl


def defined_names(formulas, values):
    """Each defined name: its text and the cells it covers (row by row), resolved by openpyxl."""
    dn = formulas.defined_names
    # openpyxl 3.0 keeps a list (definedName), 3.1 a mapping of name to DefinedName.
    items = dn.definedName if hasattr(dn, "definedName") else list(dn.values())
    out = {}
    for d in items:
        cells = []
        for sheet, ref in d.destinations:
            f, v = formulas[sheet][ref], values[sheet][ref]
            if not isinstance(f, tuple):
                f, v = ((f,),), ((v,),)
            for frow, vrow in zip(f, v):
                for fc, vc in zip(frow, vrow):
                    cells.append([fc.value if fc.data_type == "f" else None, plain(vc.value)])
        out[d.name] = {"ref": d.attr_text, "cells": cells}
    return out


def plain(v):
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def dump(path):
    formulas = openpyxl.load_workbook(path, data_only=False)
    values = openpyxl.load_workbook(path, data_only=True)
    sheets = {}
    for ws in formulas.worksheets:
        cached = values[ws.title]
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                f = c.value if c.data_type == "f" else None
                cells[c.coordinate] = [f, plain(cached[c.coordinate].value)]
        sheets[ws.title] = cells
    return {
        "sheets": [ws.title for ws in formulas.worksheets],
        "names": defined_names(formulas, values),
        "cells": sheets,
    }


print(json.dumps([dump(p) for p in sys.argv[1:]]))
