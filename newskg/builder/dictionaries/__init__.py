"""Public event-coding dictionaries newskg ships, converted from PETRARCH2 (MIT; the notice is in
``newskg/builder/data/PETRARCH2_LICENSE.txt``): CAMEO's verb patterns (:mod:`.cameo_verbs`) and the
Phoenix actor and agent dictionaries (:mod:`.petrarch_actors`). The converters are in ``tools/``.
"""
