/// Reason phrases for the statuses a feed server is likely to answer, for one-line messages.
enum HTTPStatus {
    static func reason(_ code: Int) -> String {
        switch code {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 408: return "Request Timeout"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 451: return "Unavailable For Legal Reasons"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 520..<530: return "Origin Error (CDN)"
        default: return code >= 500 ? "Server Error" : code >= 400 ? "Client Error" : ""
        }
    }
}
