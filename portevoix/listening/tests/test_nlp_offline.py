"""Nothing downloads: every model loads from its wheel with sockets disabled (pytest-socket)."""

import socket
import sys
from pathlib import Path

import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError

from portevoix.listening.nlp import classify_sentiment, embedder, language


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_it_loads_every_model_with_the_network_blocked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises((SocketBlockedError, SocketConnectBlockedError)):
        socket.create_connection(("203.0.113.1", 443), timeout=1)
    # Fresh loads, not the ones other tests cached: a download attempt would raise above.
    language._detector.cache_clear()
    monkeypatch.setattr(embedder, "_model", None)
    monkeypatch.setattr(embedder, "_load_error", None)
    monkeypatch.setenv("HOME", str(tmp_path))  # no model cache to find in ~/.cache
    assert language.detect_language("Bonjour, le service est excellent", [])[0] == "fr"
    assert embedder.embed(["Bonjour"]).shape == (1, 384)
    language._detector.cache_clear()


def test_it_classifies_with_numpy_and_json_heads_only() -> None:
    assert classify_sentiment(["Merci, service impeccable !"], ["fr"])[0].label == "positive"
    assert "sklearn" not in sys.modules  # scikit-learn only trains the head, offline
