"""Text-to-competency mapping: which sub-competencies a piece of work exercises.

A work description ("Ran the quarterly PMR with the Saudi customer") is
compared with the statement of every sub-competency. Two measures are blended:

- meaning: the cosine of sentence embeddings. The embedding function is passed
  in (texts -> unit vectors), so this module needs no model to be tested;
- words: a BM25 score over the same documents, after spelling out the
  acronyms the directorate writes every day (LOA, PMR, DDL...), so a short,
  jargon-heavy description still meets the statement that names the thing in
  full.

For the word score a sub-competency is its statement together with its parent
competency's title and description ("Conduct program management reviews..."
alone does not say it belongs to Sales and Transfers). For the meaning score it
is the statement alone: on the labelled work descriptions, folding the parent's
text into the embedding blurred the siblings together and lost more than it
gained.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

Embed = Callable[[Sequence[str]], np.ndarray]

# Acronyms of security cooperation work, spelled out as the framework's statements name them.
GLOSSARY = {
    "loa": "letter of offer and acceptance",
    "loas": "letters of offer and acceptance",
    "lor": "letter of request",
    "lors": "letters of request",
    "mor": "memo of request",
    "p&a": "price and availability estimate",
    "pmr": "program management review",
    "fmr": "financial management review",
    "fms": "foreign military sales",
    "dcs": "direct commercial sales",
    "bpc": "building partner capacity",
    "tcp": "theater campaign plan",
    "ppbe": "planning programming budgeting execution",
    "pom": "program objective memorandum programming budgeting",
    "mou": "memorandum of understanding international agreement",
    "moa": "memorandum of agreement international agreement",
    "ddl": "delegation of disclosure authority letter",
    "eum": "end-use monitoring",
    "cpi": "critical program information",
    "ia&e": "international acquisition and exportability",
    "tsfd": "technology security and foreign disclosure",
    "gsomia": "general security of military information agreement",
    "gsoia": "general security of information agreement",
    "cismoa": "communications and information security memorandum of agreement",
    "dib": "defense institution building",
    "dotmlpf": "doctrine organization training materiel leadership education personnel facilities",
    "dotlpf": "doctrine organization training leadership education personnel facilities",
    "pme": "professional military education",
    "mod": "ministry of defense",
    "am&e": "assessment monitoring and evaluation",
    "dsams": "automated system for security cooperation cases",
    "scip": "automated system security cooperation information portal",
}

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "as",
        "from",
        "into",
        "over",
        "under",
        "our",
        "their",
        "its",
        "his",
        "her",
        "we",
        "they",
        "he",
        "she",
        "it",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "so",
        "such",
        "e",
        "g",
        "eg",
        "etc",
        "and/or",
        "which",
        "who",
        "whom",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "up",
        "out",
        "all",
        "each",
        "any",
        "so",
        "than",
        "then",
        "there",
        "them",
        "us",
        "new",
    ]
)
_TOKEN = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)?")


def expand_acronyms(text: str) -> str:
    """The text with each known acronym followed by its spelled-out form."""

    def spell(match: re.Match) -> str:
        word = match.group(0)
        full = GLOSSARY.get(word.lower())
        return f"{word} ({full})" if full else word

    return re.sub(r"[A-Za-z][A-Za-z&]*[A-Za-z]", spell, text)


def _stem(word: str) -> str:
    # A light suffix stripper: enough to meet "negotiated" with "negotiations".
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + replacement
    return word


_SUFFIXES = [
    ("ations", "at"),
    ("ation", "at"),
    ("ates", "at"),
    ("ate", "at"),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
]


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed words of a text, acronyms spelled out, stop words left out."""
    words = _TOKEN.findall(expand_acronyms(text).lower())
    return [_stem(word) for word in words if word not in _STOPWORDS and len(word) > 1]


class Bm25:
    """Okapi BM25 over a fixed set of documents, as dense numpy arrays."""

    def __init__(self, documents: Sequence[str], *, k1: float = 1.2, b: float = 0.75):
        bags = [Counter(tokens(document)) for document in documents]
        self.vocabulary = {word: i for i, word in enumerate(sorted(set().union(*bags)))}
        counts = np.zeros((len(bags), len(self.vocabulary)), dtype=np.float64)
        for row, bag in enumerate(bags):
            for word, count in bag.items():
                counts[row, self.vocabulary[word]] = count
        lengths = counts.sum(axis=1, keepdims=True)
        mean_length = float(lengths.mean()) if len(bags) else 1.0
        frequency = (counts > 0).sum(axis=0)
        n = len(bags)
        self.idf = np.log(1 + (n - frequency + 0.5) / (frequency + 0.5))
        self.weights = (
            counts * (k1 + 1) / (counts + k1 * (1 - b + b * lengths / max(mean_length, 1e-9)))
        )

    def scores(self, query: str) -> np.ndarray:
        """One score per document; 0 where the query shares no word with it."""
        columns = [self.vocabulary[word] for word in set(tokens(query)) if word in self.vocabulary]
        if not columns:
            return np.zeros(self.weights.shape[0])
        return self.weights[:, columns] @ self.idf[columns]


@dataclass(frozen=True)
class Item:
    """A sub-competency as the mapping reads it."""

    code: str
    statement: str
    parent_title: str = ""
    parent_description: str = ""


def document(item: Item) -> str:
    """The words that stand for a sub-competency: parent competency, then the statement."""
    parts = [item.parent_title, item.parent_description, item.statement]
    return ". ".join(part.strip().rstrip(".") for part in parts if part.strip()) + "."


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float  # the blended score, 0 to 1
    meaning: float  # cosine similarity of the embeddings
    words: float  # BM25 score relative to the best-matching item for this text


# How much of the blended score comes from meaning; the rest comes from shared words.
MEANING_WEIGHT = 0.6


class MappingIndex:
    """The sub-competencies of one framework, ready to be ranked against texts."""

    def __init__(self, items: Sequence[Item], vectors: np.ndarray):
        if len(items) != len(vectors):
            raise ValueError(f"{len(items)} items but {len(vectors)} vectors.")
        self.items = list(items)
        self.codes = [item.code for item in self.items]
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.bm25 = Bm25([document(item) for item in self.items])

    @classmethod
    def build(cls, items: Sequence[Item], embed: Embed) -> MappingIndex:
        return cls(items, document_vectors(items, embed))

    def scores(
        self, queries: Sequence[str], embed: Embed, *, meaning_weight: float = MEANING_WEIGHT
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Blended, meaning and word scores, each (len(queries), len(items))."""
        query_vectors = np.asarray(embed([expand_acronyms(q) for q in queries]), np.float32)
        meaning = query_vectors @ self.vectors.T if len(queries) else np.zeros((0, len(self.codes)))
        words = np.array([self.bm25.scores(query) for query in queries]).reshape(meaning.shape)
        best = words.max(axis=1, keepdims=True)
        relative = np.divide(words, best, out=np.zeros_like(words), where=best > 0)
        blended = meaning_weight * meaning + (1 - meaning_weight) * relative
        return blended, meaning, relative

    def rank(
        self, query: str, embed: Embed, *, top: int = 5, meaning_weight: float = MEANING_WEIGHT
    ) -> list[Suggestion]:
        """The `top` sub-competencies best matching the text, best first."""
        blended, meaning, words = self.scores([query], embed, meaning_weight=meaning_weight)
        order = np.argsort(-blended[0], kind="stable")[:top]
        return [
            Suggestion(
                code=self.codes[i],
                score=float(blended[0, i]),
                meaning=float(meaning[0, i]),
                words=float(words[0, i]),
            )
            for i in order.tolist()
        ]

    def rank_many(
        self, queries: Sequence[str], embed: Embed, *, top: int = 5, meaning_weight: float
    ) -> list[list[str]]:
        """The top codes for each text, embedding all the texts in one batch."""
        blended, _, _ = self.scores(queries, embed, meaning_weight=meaning_weight)
        order = np.argsort(-blended, axis=1, kind="stable")[:, :top]
        return [[self.codes[i] for i in row] for row in order.tolist()]


def document_vectors(items: Sequence[Item], embed: Embed) -> np.ndarray:
    """Unit embeddings of the items' statements, (len(items), dimensions)."""
    return np.asarray(embed(embedded_texts(items)), dtype=np.float32)


def embedded_texts(items: Sequence[Item]) -> list[str]:
    """What is embedded for each item (and so what a cache of its vectors is keyed by)."""
    return [item.statement for item in items]


# --- evaluation ---------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A labelled work description: the sub-competencies it exercises."""

    text: str
    codes: frozenset[str]


@dataclass(frozen=True)
class Evaluation:
    examples: int
    hit_at_1: float  # share of texts whose first suggestion is one of their codes
    hit_at_3: float  # share of texts with one of their codes among the first three
    recall_at_3: float  # mean share of a text's codes found among the first three
    precision_at_3: float  # mean share of the first three suggestions that are the text's codes


def evaluate(examples: Sequence[Example], rankings: Iterable[Sequence[str]]) -> Evaluation:
    """Score rankings (codes, best first, one list per example) against the labels."""
    hit1 = hit3 = recall3 = precision3 = 0.0
    count = 0
    for example, ranked in zip(examples, rankings, strict=True):
        count += 1
        hit1 += bool(ranked[:1]) and ranked[0] in example.codes
        hit3 += any(code in example.codes for code in ranked[:3])
        found = len(example.codes & set(ranked[:3]))
        recall3 += found / max(len(example.codes), 1)
        precision3 += found / max(len(ranked[:3]), 1)
    if not count:
        return Evaluation(0, math.nan, math.nan, math.nan, math.nan)
    return Evaluation(count, hit1 / count, hit3 / count, recall3 / count, precision3 / count)
