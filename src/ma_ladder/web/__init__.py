"""The web app and REST API (``ma-ladder serve``): thin layers over :mod:`ma_ladder.questions` and the
one serializer. :mod:`.api` holds the ``/api/v1`` routes, :mod:`.pages` the server-rendered pages,
:mod:`.app` puts them together with the security headers and the error shapes."""
