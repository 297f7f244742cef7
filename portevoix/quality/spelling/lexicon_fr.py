"""Words of cafés, food, Québec and social media that Grammalecte 2.1.2's lexicon lacks, though
they are current French (most are in Le Robert or in Usito, Québec's dictionary). Given to
Grammalecte as a community dictionary, so its grammar rules know their gender and number,
and accepted by the Hunspell fallback. One entry a line: form, lemma, Grammalecte tags
(:N noun, :A adjective; :m/:f/:e gender; :s/:p/:i number).

To add a word: check that Grammalecte does not know it (`GrammalecteChecker.knows`), then add
every form with its lemma and tags.
"""

from __future__ import annotations

# form, lemma, tags: one entry a line.
ENTRIES = """
açaï          açaï         :N:m:s
açaïs         açaï         :N:m:p
affogato      affogato     :N:m:s
affogatos     affogato     :N:m:p
americano     americano    :N:m:s
americanos    americano    :N:m:p
babka         babka        :N:f:s
babkas        babka        :N:f:p
bao           bao          :N:m:s
baos          bao          :N:m:p
chaï          chaï         :N:m:s
chaïs         chaï         :N:m:p
cortado       cortado      :N:m:s
cortados      cortado      :N:m:p
égoportrait   égoportrait  :N:m:s
égoportraits  égoportrait  :N:m:p
emoji         emoji        :N:m:s
emojis        emoji        :N:m:p
granola       granola      :N:m:s
granolas      granola      :N:m:p
hummus        hummus       :N:m:i
macchiato     macchiato    :N:m:s
macchiatos    macchiato    :N:m:p
mocha         mocha        :N:m:s
mochas        mocha        :N:m:p
mot-clic      mot-clic     :N:m:s
mots-clics    mot-clic     :N:m:p
nachos        nachos       :N:m:p
party         party        :N:m:s
partys        party        :N:m:p
poké          poké         :N:m:s
pokés         poké         :N:m:p
ramen         ramen        :N:m:s
ramens        ramen        :N:m:p
scone         scone        :N:m:s
scones        scone        :N:m:p
tchaï         tchaï        :N:m:s
tchaïs        tchaï        :N:m:p
vegan         vegan        :N:A:e:s
vegans        vegan        :N:A:e:p
vegane        vegan        :N:A:f:s
veganes       vegan        :N:A:f:p
"""


def entries() -> list[tuple[str, str, str]]:
    rows = (line.split() for line in ENTRIES.strip().splitlines())
    return [(form, lemma, tags) for form, lemma, tags in rows]


def words() -> frozenset[str]:
    return frozenset(form for form, _lemma, _tags in entries())
