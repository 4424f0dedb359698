"""w2vlib 아래 어느 모듈에도 모듈 전역의 바뀌는 상태가 없는지 (이슈 17): ``global``/``nonlocal`` 문이 없고, import한
뒤 모듈 수준의 값이 바뀌지 않는 값(수·문자열·튜플·frozenset·MappingProxyType·정규식·frozen dataclass·함수·클래스·
모듈)이거나, 바뀔 수 있는 표(dict·list·set)라면 라이브러리의 어떤 코드도 그것을 고치지 않는지 검사합니다.
프로세스 전체 설정(glibc malloc, :mod:`w2vlib.memory`)은 프로세스의 주인인 명령줄만 부릅니다."""
from __future__ import annotations

import ast
import dataclasses
import importlib
import pathlib
import re
import types

import pytest

import w2vlib

ROOT = pathlib.Path(w2vlib.__file__).parent
SOURCES = sorted(ROOT.rglob("*.py"))
MUTATORS = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault", "add",
            "discard", "sort", "reverse", "__setitem__", "__delitem__"}
IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, range, types.MappingProxyType, re.Pattern, type,
             types.FunctionType, types.BuiltinFunctionType, types.ModuleType, property, staticmethod, classmethod)
CONTAINERS = (dict, list, set)
# 프로세스의 주인인 프로그램만 w2vlib.memory를 import 합니다 (명령줄). 4.3.4의 "큰 임시 배열 재사용" 단계도
# 그 단계를 재는 벤치마크 자식 프로세스(benchmarks/suite.py)가 부릅니다.
MEMORY_IMPORTERS = {"w2vlib.train", "w2vlib.cli", "w2vlib.__main__"}


def module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parsed():
    return [(module_name(p), ast.parse(p.read_text(encoding="utf-8"), filename=str(p))) for p in SOURCES]


def test_sources_are_found():
    names = {name for name, _ in parsed()}
    assert {"w2vlib.scatter", "w2vlib.hogwild", "w2vlib.trainer", "w2vlib.memory", "w2vlib.book.reference"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_no_global_or_nonlocal_statement(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [(type(n).__name__, n.lineno, n.names) for n in ast.walk(tree) if isinstance(n, (ast.Global, ast.Nonlocal))]
    assert not bad, f"{module_name(path)}: {bad}"


def _immutable(value, depth=0) -> bool:
    """바뀌지 않는 값인지: 기본 불변형, 함수·클래스·모듈, 불변 원소만 담은 튜플·frozenset, frozen dataclass."""
    if isinstance(value, IMMUTABLE):
        return True
    if isinstance(value, (tuple, frozenset)):
        return depth > 5 or all(_immutable(v, depth + 1) for v in value)
    if dataclasses.is_dataclass(value):
        return value.__dataclass_params__.frozen and all(
            _immutable(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return False


def _plain_data(value, depth=0) -> bool:
    """값만 담은 표인지: 불변 값, 또는 그런 값만 담은 dict·list·set·dataclass (스레드 풀 같은 객체는 아님)."""
    if _immutable(value) or depth > 5:
        return True
    if isinstance(value, dict):
        return all(_plain_data(k, depth + 1) and _plain_data(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, set, tuple, frozenset)):
        return all(_plain_data(v, depth + 1) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(_plain_data(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return False


def _mutated_names(trees) -> set[str]:
    """라이브러리 코드가 제자리에서 고치는 이름들: ``N[...] = ``, ``del N[...]``, ``N.append(...)``, ``N += ...``,
    ``N.attr = ...`` (N은 이름이거나 ``모듈.이름``의 마지막 부분)."""
    def base(node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return node.attr
        return None

    names = set()
    for _, tree in trees:
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                if isinstance(t, (ast.Subscript, ast.Attribute)):
                    names.add(base(t.value))
                elif isinstance(node, ast.AugAssign) and isinstance(t, ast.Name):
                    names.add(t.id)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
                names.add(base(node.func.value))
    names.discard(None)
    return names


def _module_level_names(tree) -> list[str]:
    out = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for t in targets:
            out += [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]
    return out


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_module_level_values_are_immutable_or_never_modified(path):
    trees = parsed()
    mutated = _mutated_names(trees)
    name = module_name(path)
    module = importlib.import_module(name)
    tree = dict(trees)[name]
    problems = []
    for var in _module_level_names(tree):
        if var in ("__all__",) or not hasattr(module, var):
            continue
        value = getattr(module, var)
        if _immutable(value):
            continue
        if var not in mutated and _plain_data(value):
            continue                                            # 아무도 고치지 않는 상수 표
        problems.append(f"{var} = {type(value).__name__}" + (" (코드가 고침)" if var in mutated else ""))
    assert not problems, f"{name}: 모듈 수준의 바뀌는 상태 {problems}"


def test_the_checks_catch_the_old_module_state():
    """검사 자체가 헛돌지 않음: 예전 parallel.py(전역 스레드 풀)·memory.py(전역 플래그) 꼴을 잡아냅니다."""
    old = ast.parse("import concurrent.futures\n_pool = None\n_done = False\n"
                    "def workers():\n    global _pool\n    _pool = concurrent.futures.ThreadPoolExecutor()\n"
                    "CACHE = {}\ndef remember(k, v):\n    CACHE[k] = v\n")
    assert any(isinstance(n, ast.Global) for n in ast.walk(old))
    assert "CACHE" in _mutated_names([("old", old)])
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert not _immutable(pool)
    assert not _immutable([1, 2]) and not _immutable({"a": 1})
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert not _plain_data([pool]) and _plain_data([{"a": (1, 2)}])
    assert _immutable((1, "a", re.compile("x"))) and _immutable(types.MappingProxyType({"a": 1}))


def test_only_the_command_line_imports_the_process_wide_malloc_setting():
    importers = set()
    for name, tree in parsed():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("memory") or (
                    isinstance(node, ast.ImportFrom) and any(a.name == "memory" for a in node.names)) or (
                    isinstance(node, ast.Import) and any(a.name == "w2vlib.memory" for a in node.names)):
                importers.add(name)
    assert importers <= MEMORY_IMPORTERS, importers - MEMORY_IMPORTERS
    assert "w2vlib.trainer" not in importers
