import Vapor

/// The error every `/api/v1` route answers with:
/// `{"error":{"code":"…","message":"中文说明","fields":{"field":"中文说明"}}}`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponseStatus
    public var code: String
    public var message: String
    public var fields: [String: String]

    public init(_ status: HTTPResponseStatus, code: String, message: String, fields: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    public static func notFound(_ what: String = "资源") -> APIError {
        APIError(.notFound, code: "not_found", message: "\(what)不存在或不在您的管辖范围内")
    }

    public static func invalid(_ message: String, fields: [String: String] = [:]) -> APIError {
        APIError(.unprocessableEntity, code: "invalid", message: message, fields: fields)
    }

    package struct Envelope: Content {
        package struct Body: Content {
            package var code: String
            package var message: String
            package var fields: [String: String]?
        }
        package var error: Body
    }

    package var envelope: Envelope {
        Envelope(error: .init(code: code, message: message, fields: fields.isEmpty ? nil : fields))
    }
}

/// Turns every error into the envelope above (a Chinese page on web paths); an unexpected error is
/// logged and answered with a message that leaks nothing.
package struct APIErrorMiddleware: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let apiError = Self.translate(error, request: request)
            guard request.url.path.hasPrefix("/api/") else {
                return ErrorPage.response(for: apiError, request: request)
            }
            let response = Response(status: apiError.status)
            try response.content.encode(apiError.envelope, as: .json)
            return response
        }
    }

    package static func translate(_ error: any Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as any AbortError:
            switch error.status {
            case .notFound: return .notFound()
            case .unauthorized: return APIError(.unauthorized, code: "unauthorized", message: "请先登录或提供有效的访问令牌")
            case .forbidden: return APIError(.forbidden, code: "forbidden", message: "您的角色无权执行此操作")
            case .payloadTooLarge: return APIError(.payloadTooLarge, code: "too_large", message: "上传的内容过大")
            case .badRequest, .unprocessableEntity, .unsupportedMediaType:
                return APIError(error.status, code: "bad_request", message: "请求格式有误")
            default:
                return APIError(error.status, code: "error", message: "请求未能完成（\(error.status.code)）")
            }
        case is DecodingError:
            return .invalid("请求内容格式有误")
        default:
            request.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, code: "internal", message: "服务器内部错误，请稍后重试或联系管理员")
        }
    }
}
