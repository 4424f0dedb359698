"""단어 벡터를 word2vec 텍스트 형식으로 저장·적재합니다.

형식 (이 모듈이 쓰고, 엄격하게 검사하며 읽는 형식)
--------------------------------------------------
- 인코딩은 UTF-8입니다. 줄바꿈은 ``\\n`` (``\\r\\n``도 허용).
- 1번째 줄(헤더): ``"V H"`` — 단어 수 V ≥ 1과 차원 H ≥ 1, 공백 하나로 구분.
- 이어서 정확히 V 줄: ``"단어 v1 v2 … vH"`` — 단어 하나와 유한한 실수 H 개를 공백 하나씩으로 구분합니다.
  단어는 비어 있지 않고 공백 문자가 없으며, 파일 안에서 한 번씩만 나옵니다. 값은 float32로 읽으므로
  float32 범위 안이어야 합니다 (``nan``, ``inf``, ``1e999``는 오류).
- 줄 끝의 공백은 허용합니다 (word2vec.c는 값마다 뒤에 공백을 씁니다). 줄 앞의 공백, 빈 줄, 연달아 쓴
  공백은 오류입니다.
- **모든 줄이 줄바꿈으로 끝나야 합니다** (마지막 줄 포함). 마지막 숫자 중간에서 잘린 파일을 알아채기
  위해서입니다 (word2vec.c, gensim, 이 모듈 모두 마지막 줄 뒤에 줄바꿈을 씁니다).
- V 줄 뒤에는 아무것도 없어야 합니다 (빈 줄도 안 됨).

잘못된 파일은 파일 이름과 줄 번호를 밝힌 한국어 ``ValueError``를 냅니다. gzip으로 압축된 파일, word2vec
바이너리 형식(``binary=True``), UTF-8이 아닌 파일은 그렇다고 알려 줍니다. gensim의
``KeyedVectors.load_word2vec_format(path, binary=False)``도 이 모듈이 쓴 파일을 읽습니다.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ._checks import as_float_array
from .atomic_write import atomic_write

_F32_MAX = float(np.finfo(np.float32).max)


def _check_words(id_to_word, V: int) -> list[str]:
    if not isinstance(id_to_word, dict):
        raise TypeError(f"id_to_word: dict[int, str]여야 합니다 (받은 형식: {type(id_to_word).__name__}).")
    if len(id_to_word) != V or any(i not in id_to_word for i in range(V)):
        raise ValueError(f"id_to_word: 0..{V - 1}의 모든 ID를 담아야 합니다 (word_matrix의 행 수 {V}, "
                         f"받은 ID {len(id_to_word)}개).")
    words = [id_to_word[i] for i in range(V)]
    seen: dict[str, int] = {}
    for i, w in enumerate(words):
        if not isinstance(w, str):
            raise TypeError(f"id_to_word[{i}]: 단어는 str이어야 합니다 (받은 형식: {type(w).__name__}).")
        if not w or any(ch.isspace() for ch in w):
            raise ValueError(f"id_to_word[{i}]: 단어는 비어 있지 않고 공백 문자가 없어야 합니다 "
                             f"(받은 값: {w!r}). 공백이 있으면 형식이 깨집니다.")
        try:
            w.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"id_to_word[{i}]: UTF-8로 쓸 수 없는 문자(짝 없는 서로게이트 등)가 있습니다 "
                             f"(받은 값: {w!r}).") from None
        if w in seen:
            raise ValueError(f"id_to_word: 단어 {w!r}가 ID {seen[w]}와 {i}에 두 번 나옵니다. "
                             "파일의 단어는 한 번씩만 나와야 합니다 (읽을 때 구별할 수 없음).")
        seen[w] = i
    return words


def save_word2vec_format(path, word_matrix: np.ndarray, id_to_word: dict[int, str], precision: int = 9) -> Path:
    """word_matrix (V, H) float와 id_to_word (ID → 단어)를 ``path``에 씁니다. 쓴 파일의 경로를 돌려줍니다.

    ``precision``은 유효 숫자 수(1–17)입니다. 기본값 9는 float32를 정확히 되돌립니다 (파일 크기를 줄이려면 6).

    쓰기 전에 :func:`load_word2vec_format`이 거부할 입력(V = 0, H = 0, NaN/무한대/float32 범위 밖의 값,
    빈 단어, 공백이 있는 단어, 중복 단어)을 모두 ``ValueError``로 거부하므로, 이 함수가 쓴 파일은 언제나
    다시 읽힙니다. 쓰기는 :func:`w2vlib.atomic_write.atomic_write`로 원자적입니다: 도중에 실패하거나
    프로세스가 죽어도 기존 파일은 그대로이고 임시 파일이 남지 않습니다. 기존 파일의 권한을 유지하고
    (새 파일은 umask), 심볼릭 링크는 링크가 가리키는 파일을 바꿉니다.
    """
    word_matrix = as_float_array("word_matrix", word_matrix, ndim=2)
    V, H = word_matrix.shape
    if V == 0 or H == 0:
        raise ValueError(f"word_matrix: 단어 수와 차원이 1 이상이어야 합니다 (받은 shape: {word_matrix.shape}).")
    if isinstance(precision, bool) or not isinstance(precision, (int, np.integer)) or not 1 <= precision <= 17:
        raise ValueError(f"precision: 1 이상 17 이하의 정수여야 합니다 (받은 값: {precision!r}).")
    words = _check_words(id_to_word, V)
    fmt1 = f"%.{int(precision)}g"
    biggest = float(np.max(np.abs(word_matrix)))
    with np.errstate(over="ignore"):      # 쓴 글자를 float32로 읽으면 무한대가 되는가 (%.4g의 반올림 포함)
        overflow = not np.isfinite(np.float32(biggest)) or not np.isfinite(np.float32(fmt1 % biggest))
    if overflow:
        raise ValueError(f"word_matrix: 값이 float32 범위(±{_F32_MAX:.6g})를 넘습니다 (받은 최대 절댓값 "
                         f"{biggest:.6g}). 읽을 때 무한대가 됩니다.")
    fmt = " ".join([fmt1] * H)
    with atomic_write(path, "w", encoding="utf-8", what="path") as f:
        f.write(f"{V} {H}\n")
        for word, row in zip(words, word_matrix):
            f.write(word + " " + fmt % tuple(row) + "\n")
    return Path(path)


def _fail(path, lineno, msg):
    return ValueError(f"{path}: {lineno}번째 줄: {msg}")


def _looks_binary(rest: bytes, H: int) -> bool:
    """헤더 다음 바이트가 word2vec 바이너리 형식(단어, 공백, float32 H 개)처럼 보이는지."""
    space = rest.find(b" ")
    if space <= 0:
        return False
    # 텍스트라면 첫 공백부터 줄 끝까지가 ASCII 숫자뿐입니다. float32 바이트는 거의 언제나 그렇지 않습니다.
    values = rest[space + 1: space + 1 + 4 * H].split(b"\n", 1)[0]
    return any(b < 0x20 and b not in b"\r\t" or b >= 0x80 for b in values)


def load_word2vec_format(path) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """word2vec 텍스트 형식 파일 → (word_matrix (V, H) float32, word_to_id, id_to_word).

    형식과 검사 규칙은 이 모듈의 설명을 보세요. 규칙을 어기면 파일 이름과 줄 번호를 밝힌 ``ValueError``,
    파일이 없거나 읽을 수 없으면 한국어 ``FileNotFoundError``/``PermissionError``/``IsADirectoryError``입니다.
    """
    path = Path(path)
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise FileNotFoundError(f"path: 파일 {path}이(가) 없습니다.") from None
    except IsADirectoryError:
        raise IsADirectoryError(f"path: {path}은(는) 폴더입니다. 벡터 파일 경로를 주세요.") from None
    except PermissionError:
        raise PermissionError(f"path: 파일 {path}을(를) 읽을 권한이 없습니다.") from None
    with f:
        size = path.stat().st_size
        head = f.read(4096)
        f.seek(0)
        if head[:2] == b"\x1f\x8b":
            raise ValueError(f"{path}: gzip으로 압축된 파일입니다. 먼저 압축을 풀어 주세요 "
                             f"(gunzip, 또는 gensim의 KeyedVectors.load_word2vec_format).")
        if head.startswith(b"\xef\xbb\xbf"):
            raise ValueError(f"{path}: 1번째 줄: 파일이 UTF-8 BOM으로 시작합니다. BOM 없는 UTF-8로 저장해 주세요.")
        raw = f.readline()
        header = raw.rstrip(b"\n").rstrip(b"\r").rstrip(b" ")
        parts = header.split(b" ")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            shown = header[:60].decode("utf-8", "replace")
            binary_hint = " (UTF-8 텍스트가 아닌 바이너리 파일로 보입니다)" if b"\x00" in head else ""
            raise ValueError(f"{path}: 1번째 줄(헤더)은 'V H' (단어 수와 차원, 공백 하나로 구분)이어야 합니다 "
                             f"(받은 줄: {shown!r}){binary_hint}.")
        if not raw.endswith(b"\n"):
            raise ValueError(f"{path}: 1번째 줄(헤더) 뒤에 아무 줄도 없습니다: 파일이 잘렸습니다.")
        V, H = int(parts[0]), int(parts[1])
        if V < 1 or H < 1:
            raise ValueError(f"{path}: 1번째 줄(헤더): 단어 수와 차원이 1 이상이어야 합니다 (받은 값: V={V}, H={H}).")
        rest_head = head[len(raw):]
        if _looks_binary(rest_head, H):
            raise ValueError(f"{path}: word2vec 바이너리 형식(binary=True)으로 보입니다. 이 함수는 텍스트 형식만 "
                             "읽습니다. gensim의 KeyedVectors.load_word2vec_format(path, binary=True)로 읽어 "
                             "텍스트로 저장하세요.")
        # 한 줄은 적어도 "w" + H × " 0" + "\n" = 2H + 2바이트: 헤더가 파일보다 크면 메모리를 잡지 않습니다.
        # 그런 파일은 어느 줄에선가 반드시 오류가 나므로, 배열 없이 줄만 검사해 그 줄 번호로 알립니다.
        need, have = V * (2 * H + 2), size - len(raw)
        word_matrix = np.empty((V, H), dtype=np.float32) if need <= have else None
        word_to_id: dict[str, int] = {}
        for i in range(V):
            lineno = i + 2
            raw = f.readline()
            if not raw:
                raise _fail(path, lineno, f"줄이 없습니다. 헤더는 단어 {V}개라고 하는데 {i}개뿐입니다 "
                                          "(파일이 잘렸거나 헤더가 틀렸습니다).")
            if not raw.endswith(b"\n"):
                raise _fail(path, lineno, "줄바꿈으로 끝나지 않습니다: 파일이 마지막 줄 중간에서 잘렸을 수 "
                                          "있습니다 (모든 줄은 줄바꿈으로 끝나야 합니다).")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise _fail(path, lineno, f"UTF-8이 아닙니다 (줄의 {e.start + 1}번째 바이트 "
                                          f"0x{raw[e.start]:02x}). 파일은 UTF-8이어야 합니다: 다른 인코딩"
                                          "(Latin-1 등)이면 UTF-8로 바꿔 저장하세요.") from None
            line = line[:-1]
            if line.endswith("\r"):
                line = line[:-1]
            line = line.rstrip(" ")
            if not line:
                raise _fail(path, lineno, "빈 줄입니다. 단어와 숫자 H 개가 있어야 합니다.")
            if line[0] == " ":
                raise _fail(path, lineno, "줄이 공백으로 시작합니다 (빈 단어). 단어가 먼저 와야 합니다.")
            fields = line.split(" ")
            if len(fields) != H + 1:
                if "" in fields:
                    raise _fail(path, lineno, "공백이 두 개 이상 연달아 있습니다. 항목은 공백 하나로 구분합니다.")
                raise _fail(path, lineno, f"단어 하나와 숫자 {H}개가 있어야 합니다 "
                                          f"(받은 항목 수: {len(fields)}, 숫자 {len(fields) - 1}개).")
            word = fields[0]
            if any(ch.isspace() for ch in word):
                raise _fail(path, lineno, f"단어 {word!r}에 공백 문자가 있습니다.")
            try:
                with np.errstate(over="ignore"):         # float32 범위 밖 → inf: 아래에서 줄 번호와 함께 거부
                    row = np.array(fields[1:], dtype=np.float32)
            except ValueError:
                bad = next((v for v in fields[1:] if not _is_number(v)), fields[1])
                raise _fail(path, lineno, f"숫자가 아닌 값 {bad!r}이(가) 있습니다.") from None
            if not np.all(np.isfinite(row)):
                j = int(np.flatnonzero(~np.isfinite(row))[0])
                raise _fail(path, lineno, f"{j + 1}번째 값 {fields[j + 1]!r}이(가) 유한하지 않거나 float32 범위를 "
                                          "넘습니다 (NaN·무한대는 허용하지 않음).")
            if word in word_to_id:
                raise _fail(path, lineno, f"단어 {word!r}가 {word_to_id[word] + 2}번째 줄에 이미 나왔습니다 "
                                          "(같은 단어가 두 번 나옵니다).")
            word_to_id[word] = i
            if word_matrix is not None:
                word_matrix[i] = row
        extra = f.read(1)
        if extra:
            raise _fail(path, V + 2, f"헤더의 단어 수({V})보다 줄이 많습니다 (V 줄 뒤에는 빈 줄도 없어야 합니다).")
    if word_matrix is None:           # 일어날 수 없음 (need는 올바른 파일 크기의 하한)
        raise ValueError(f"{path}: 1번째 줄(헤더)의 V={V}, H={H} 값이 파일 크기({size:,}바이트)보다 큽니다.")
    id_to_word = {i: w for w, i in word_to_id.items()}
    return word_matrix, word_to_id, id_to_word


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
