"""A document's author and site keys take shortcuts for the common handle and URL: they must be
the keys the general path (`author_forms`, `url_host`) gives, for any author and any URL."""

from hypothesis import given
from hypothesis import strategies as st

from portevoix.listening.query import Document
from portevoix.listening.query.document import FIELD_PREFIX, _site_keys, field_key
from portevoix.listening.query.fields import author_forms, url_host

URL_CHARS = st.sampled_from([*"aZ09.-_:@/?#[]%é ", "\t", "xn--", "ÉCOLE", "www."])
URLS = st.builds(
    lambda scheme, rest: scheme + rest,
    st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "", "//", " https://"]),
    st.lists(URL_CHARS, max_size=12).map("".join),
)
AUTHORS = st.builds(
    lambda at, name: at + name,
    st.sampled_from(["", "@", "@@", " "]),
    st.text(alphabet=st.sampled_from(list("aZ09_.@ éÉ-")), max_size=16),
)


def field_keys(doc: Document, name: str) -> set[str]:
    prefix = field_key(name, "")
    return {key for key in doc.keys if key.startswith(FIELD_PREFIX) and key.startswith(prefix)}


@given(URLS)
def test_site_keys_are_those_of_the_url_host(url):
    doc = Document("x", url=url)
    host = url_host(url)
    assert doc.host == host
    assert field_keys(doc, "site") == set(_site_keys(host) if host else ())


@given(AUTHORS)
def test_author_keys_are_those_of_its_forms(author):
    doc = Document("x", author=author)
    assert field_keys(doc, "author") == {field_key("author", form) for form in author_forms(author)}


def test_the_common_handle_and_url():
    doc = Document("x", author="@User2955", url="https://www.News.com/p/1?x=1")
    assert field_keys(doc, "author") == {field_key("author", "user2955")}
    assert doc.host == "www.news.com"
    assert field_keys(doc, "site") == {
        field_key("site", s) for s in ("www.news.com", "news.com", "com")
    }
