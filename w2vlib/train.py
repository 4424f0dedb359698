"""``python -m w2vlib.train``: 명령줄 학습 도구의 진입점 (본체는 :mod:`w2vlib.cli`).

예전부터 이 모듈에서 가져다 쓰던 이름들도 그대로 가져올 수 있습니다: 학습 설정 :class:`~w2vlib.config.TrainConfig`,
학습 함수 :func:`~w2vlib.trainer.train_word2vec`, 명령줄의 :func:`~w2vlib.cli.main`·:func:`~w2vlib.cli.build_parser`.
"""
from __future__ import annotations

import sys

from .cli import CLIError, build_parser, check_config, estimate_memory_bytes, main
from .config import OPTIMIZER_DEFAULTS, TrainConfig
from .trainer import MODELS, train_word2vec

__all__ = ["CLIError", "MODELS", "OPTIMIZER_DEFAULTS", "TrainConfig", "build_parser", "check_config",
           "estimate_memory_bytes", "main", "train_word2vec"]

if __name__ == "__main__":
    sys.exit(main())
