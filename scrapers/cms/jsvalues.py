"""Reading numbers out of listing-page JavaScript without running it.

Pagers are written ``createPageHTML(4, 0, "index", "html")``, but also
``var countPage = 2; … createPageHTML(countPage, currentPage, …)`` or
``createPageHTML(Math.ceil(45/15), …)``. Only integer arithmetic on literals
and ``var``/``let``/``const`` assignments found in the same text is evaluated
(``+ - * / %``, ``Math.ceil/floor/round/max/min``, ``parseInt``); anything else
is unknown (None) — a pager is never guessed.
"""

from __future__ import annotations

import ast
import math
import re

_ASSIGN = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*=(?![=>])")
_FUNCS = {"Math.ceil": "ceil", "Math.floor": "floor", "Math.round": "round", "Math.max": "max",
          "Math.min": "min", "parseInt": "int", "Number": "int"}
_CALLS = {"ceil": math.ceil, "floor": math.floor, "round": round, "max": max, "min": min, "int": int}
_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
        ast.Div: lambda a, b: a / b, ast.Mod: lambda a, b: a % b, ast.FloorDiv: lambda a, b: a // b}


_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\'\"])//[^\n]*", re.DOTALL)


def assignments(text: str) -> dict[str, str]:
    """``name → expression text`` of every simple assignment (the last one wins)."""
    out = {}
    text = _COMMENT.sub("", text)
    for m in _ASSIGN.finditer(text):
        rest = re.split(r"[;\n]", text[m.end():m.end() + 200], maxsplit=1)[0]
        args = split_args(rest)  # ``var a = 45, b = 3`` declares two: each is found by its own match
        if args and args[0]:
            out[m[1]] = args[0]
    return out


def split_args(text: str) -> list[str]:
    """The top-level comma-separated arguments of a call's argument text."""
    out, depth, quote, cur = [], 0, "", []
    for ch in text:
        if quote:
            cur.append(ch)
            quote = "" if ch == quote else quote
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def string_value(expr: str, env: dict[str, str] | None = None) -> str | None:
    expr = expr.strip()
    if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"":
        return expr[1:-1]
    if env and expr in env:
        return string_value(env[expr])
    return None


def int_value(expr: str, env: dict[str, str] | None = None, _depth: int = 0) -> int | None:
    """The integer ``expr`` evaluates to with ``env``'s assignments, or None."""
    if _depth > 8:
        return None
    text = expr.strip()
    for js, py in _FUNCS.items():
        text = text.replace(js, py)
    text = re.sub(r"\|\|", " or ", text)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return None
    try:
        value = _eval(tree.body, env or {}, _depth)
    except (ArithmeticError, TypeError, ValueError):
        return None
    if value is None or isinstance(value, bool):
        return None
    return int(value) if float(value).is_integer() else None


def _eval(node: ast.AST, env: dict[str, str], depth: int):
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return int(node.value) if node.value.strip().isdigit() else None
        return node.value if isinstance(node.value, int | float) else None
    if isinstance(node, ast.Name):
        return int_value(env[node.id], env, depth + 1) if node.id in env else None
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        a, b = _eval(node.left, env, depth), _eval(node.right, env, depth)
        return None if a is None or b is None else _OPS[type(node.op)](a, b)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        v = _eval(node.operand, env, depth)
        return None if v is None else -v
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return next((v for v in (_eval(x, env, depth) for x in node.values) if v), None)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CALLS:
        args = [_eval(a, env, depth) for a in node.args[:2 if node.func.id == "int" else None]]
        if node.func.id == "int":
            args = args[:1]
        return None if not args or any(a is None for a in args) else _CALLS[node.func.id](*args)
    return None
