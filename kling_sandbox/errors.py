"""Kling's error codes, and the exception a handler raises to answer with one.

The table is Kling's published one (see /work/shared/kling-api.md); the HTTP
status always follows from the code so that a fault or a check can never pair
them wrongly.
"""

HTTP_STATUS = {
    1000: 401,
    1001: 401,
    1002: 401,
    1003: 401,
    1004: 401,
    1100: 429,
    1101: 429,
    1102: 429,
    1103: 403,
    1200: 400,
    1201: 400,
    1202: 404,
    1203: 404,
    1300: 400,
    1301: 400,
    1302: 429,
    1303: 429,
    1304: 429,
    5000: 500,
    5001: 503,
    5002: 504,
}

DEFAULT_MESSAGE = {
    1000: "Authentication failed",
    1001: "Authorization is empty",
    1002: "Authorization is invalid",
    1003: "Authorization is not yet valid",
    1004: "Authorization has expired",
    1100: "Account exception",
    1101: "Account in arrears (postpaid scenario)",
    1102: "Resource pack depleted or expired (prepaid scenario)",
    1103: "Unauthorized access to requested resource, such as API/model",
    1200: "Invalid request parameters",
    1201: "Invalid parameters, such as incorrect key or illegal value",
    1202: "The requested method is invalid",
    1203: "The requested resource does not exist",
    1300: "Trigger strategy of the platform",
    1301: "Trigger the content security policy of the platform",
    1302: "The API request is too fast, exceeding the platform's rate limit",
    1303: "Concurrency or QPS exceeds the prepaid resource package limit",
    1304: "Trigger the platform's IP whitelisting policy",
    5000: "Server internal error",
    5001: "Server temporarily unavailable, usually due to maintenance",
    5002: "Server internal timeout, usually due to a backlog",
}


class ApiError(Exception):
    """Answer the request with Kling's error envelope (no ``data``)."""

    def __init__(self, code, message=None, headers=None):
        super().__init__(message or DEFAULT_MESSAGE[code])
        self.code = code
        self.http_status = HTTP_STATUS[code]
        self.message = message or DEFAULT_MESSAGE[code]
        self.headers = dict(headers or {})


def invalid(message):
    """The 400/1201 every parameter check uses; Kling puts the detail in the message."""
    return ApiError(1201, message)
