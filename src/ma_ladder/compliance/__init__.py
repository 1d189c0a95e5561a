"""The compliance engine: pure functions from a roster's records and the knowledge base to answers.

``records`` (the input), ``renewal`` (is a credential current, when is it due), ``tasks`` (may the
person do each task), ``cms`` (the historical CMS order-entry rule) and ``bulk`` (a whole roster,
as output rows). Nothing here does I/O.
"""
