"""The speech-act reader in stages, one module each (see :mod:`.reader` for the order they run in).

- :mod:`.context`: the per-document state and the drafts (the bottom: no stage reaches back up);
- :mod:`.requirements`: the lexicon's ``requires`` names, one function each, in one table;
- :mod:`.gates`: whether a matched cue reads as an act at all;
- :mod:`.speakers`: who speaks; :mod:`.roles`: what the dependents fill, negation, modality, date;
- :mod:`.discourse`: quotes and their attribution, responses to earlier acts;
- :mod:`.commitments`: what a statement commits to, and the finishing touches;
- :mod:`.reader`: matches, gates, drafts, runs the passes and makes the facts.

The component (``newskg_speech_acts``) is :class:`..speech_acts.SpeechActExtractor`.
"""
