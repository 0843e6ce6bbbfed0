"""One shape for every error answer (4xx and 5xx): `{"error", "message", "detail", ...}`.

`error` is the kind (an exception class name, `ValidationError`, `HTTPError`, `Limit`), `message` one
Chinese sentence for a person, `detail` the specifics (Neo4j's words, the file and the limit, the
parameter at fault), and, where they apply, `suggestions` (close names), `candidates` (the units a
shared name may mean, each with key, region and task count), `code` (Neo4j's status code) and `errors`
(each invalid parameter). Used by the exception handlers and by the ASGI middlewares
(size and rate limits) that answer before the app.
"""

from __future__ import annotations

from typing import Any

# the Chinese sentence of each kind of error; by exception class first, then by HTTP status
MESSAGE_BY_KIND = {
    "NotFoundError": "未找到该名称或编号",
    "AmbiguousNameError": "该名称对应多个单位（分属不同地区），请指定地区或编号",
    "QueryRejectedError": "查询未被允许：只能运行只读查询",
    "QueryFailedError": "查询未能完成",
    "InputCancelledError": "客户端已断开，文件未被读取，也未写入任何内容",
    "InputError": "文件无法读取，未写入任何内容",
    "GraphUnavailableError": "图数据库暂不可用，请稍后重试",
    "SetupError": "图数据库未能启动，请检查服务器配置",
    "ValidationError": "请求参数不合法",
    "ValueError": "请求参数不合法",
}
MESSAGE_BY_STATUS = {
    400: "请求不合法",
    401: "缺少 API 令牌或令牌错误",
    403: "该操作未开启",
    404: "未找到",
    409: "名称有歧义，请指定地区或编号",
    405: "不支持该请求方法",
    413: "请求体过大",
    422: "请求参数不合法",
    429: "请求过于频繁，请稍后重试",
    499: "客户端已断开",
    500: "服务器内部错误",
    503: "服务暂不可用，请稍后重试",
}


def error_body(kind: str, status: int, detail: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of an error answer."""
    message = MESSAGE_BY_KIND.get(kind) or MESSAGE_BY_STATUS.get(status) or "请求未能完成"
    return {"error": kind, "message": message, "detail": detail, **extra}
