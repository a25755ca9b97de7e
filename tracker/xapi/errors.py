"""The one exception the xAPI rules raise."""


class XAPIError(Exception):
    """A request the spec says to refuse; `status` is 400 unless stated (403, 404, 409, 412...)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status

    def __repr__(self) -> str:
        return f"XAPIError({self.status}, {self.message!r})"
