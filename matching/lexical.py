"""Lexical scores: TF-IDF over character n-grams within words (scikit-learn).

Character 3–5-grams inside word boundaries let German compounds match their parts
("Sperrmüllabholung" finds "Sperrmüll") and catch shared technical words across languages.
Fitted on the startup corpus the challenge is ranked against.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

WORD = re.compile(r"[^\W\d_][\w-]{3,}", re.UNICODE)
GERMAN_STOP_WORDS = frozenset(
    """aber alle allem allen aller alles also andere anderen auch auf aus bei beim bereits bieten bietet
    bis bitte dabei damit dann darauf daraus darin dass davon dazu dem den denen der deren des dessen die
    dies diese diesem diesen dieser dieses doch dort durch eine einem einen einer eines einfach etwa euch
    für gegen habe haben hat hier hinter ihre ihrem ihren ihrer immer jede jedem jeden jeder jedes jetzt
    kann keine können könnte machen mehr mit muss müssen nach neue neuen noch nicht nichts nur oder ohne
    sehr seid sein seine sich sie sind soll sollen sondern sowie statt über unter uns unser unsere unter
    viele vom von vor während wann warum was weil welche welcher wenn werden wie wir wird wo wurde wurden
    zum zur zwischen jahr jahre jahren heute""".split()
)
STOP_WORDS = GERMAN_STOP_WORDS | ENGLISH_STOP_WORDS
COMMON = 0.1  # share of the corpus above which a word is too common to be a reason


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True)


class LexicalIndex:
    """A TF-IDF index of the corpus; `scores` gives the cosine of a query to every document."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.vectorizer = vectorizer()
        self.matrix = self.vectorizer.fit_transform(list(texts)) if texts else None
        self.documents = max(len(texts), 1)
        self.word_frequency: Counter[str] = Counter(w.lower() for t in texts for w in set(_content_words(t)))

    def scores(self, query: str) -> np.ndarray:
        if self.matrix is None:
            return np.zeros(0)
        return np.asarray((self.vectorizer.transform([query]) @ self.matrix.T).toarray()).ravel()

    def score_document(self, query: str, document: str) -> float:
        """The cosine of a query to a document that is not in the corpus (with the corpus's weights)."""
        vectors = self.vectorizer.transform([query, document])
        return float((vectors[0] @ vectors[1].T).toarray()[0, 0])

    def matched_terms(self, query: str, document: str, limit: int = 6) -> list[tuple[str, str, float]]:
        """Words of the document that best match words of the query: (document word, query word, similarity).

        Compares the words' character n-gram vectors, so a compound matches its part and a word
        its inflections; stop words and short words are left out.
        """
        doc_words = [w for w in _content_words(document) if self._telling(w)]
        query_words = [w for w in _content_words(query) if self._telling(w)]
        if not doc_words or not query_words or self.matrix is None:
            return []
        vectors = self.vectorizer.transform(doc_words + query_words)
        similarity = (vectors[: len(doc_words)] @ vectors[len(doc_words) :].T).toarray()
        pairs: list[tuple[str, str, float]] = []
        for i, word in enumerate(doc_words):
            j = int(similarity[i].argmax())
            if similarity[i, j] >= 0.45:
                pairs.append((word, query_words[j], round(float(similarity[i, j]), 3)))
        pairs.sort(key=lambda p: (-p[2] * self._rarity(p[0]), -len(p[0])))
        seen: set[str] = set()
        best = []
        for doc_word, query_word, score in pairs:
            if query_word.lower() not in seen:
                seen.add(query_word.lower())
                best.append((doc_word, query_word, score))
        return best[:limit]

    def _telling(self, word: str) -> bool:
        """Words in more than a tenth of the corpus ("Daten", "online", "Plattform") explain nothing."""
        return self.word_frequency[word.lower()] <= COMMON * self.documents

    def _rarity(self, word: str) -> float:
        return math.log((1 + self.documents) / (1 + self.word_frequency[word.lower()])) + 1


_fitted: OrderedDict[str, LexicalIndex] = OrderedDict()
_fitting = threading.Lock()
KEEP_FITTED = 4


def lexical_index(texts: Sequence[str]) -> LexicalIndex:
    """The index of this corpus, fitted once: fitting takes most of a ranking's time, and while no
    profile changes every request ranks against the same pool. Fitting is deterministic, so a
    kept index scores exactly as a fresh one would."""
    key = hashlib.sha256("\x1f".join(texts).encode()).hexdigest() + f":{len(texts)}"
    with _fitting:
        if key in _fitted:
            _fitted.move_to_end(key)
            return _fitted[key]
    index = LexicalIndex(texts)
    with _fitting:
        _fitted[key] = index
        while len(_fitted) > KEEP_FITTED:
            _fitted.popitem(last=False)
    return index


def _content_words(text: str) -> list[str]:
    words: dict[str, str] = {}
    for word in WORD.findall(text):
        key = word.lower()
        if len(key) >= 4 and key not in STOP_WORDS:
            words.setdefault(key, word)
    return list(words.values())
