import Foundation
import Plot
import Vapor
import YanglaoCore

/// `/password`: every signed-in user changes their own password here; after a reset (or an account
/// made by a security administrator) it is the only page open until they do.
package enum PasswordPages {
    package struct Form: Content {
        package var current: String?
        package var password: String?
        package var confirmation: String?
    }

    package static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(SiteURL.password, access: .signedIn("one's own password")) { try await page($0, platform, errors: [:], status: .ok) }
        pages.post(SiteURL.password, access: .signedIn("one's own password")) { try await submit($0, platform) }
    }

    package static func page(_ request: Request, _ platform: Platform, errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let user = try platform.user(of: request)
        let context = try await PageContext.make(request, platform)
        let notice = user.account.mustChangePassword ? "您正在使用一次性密码：请先设置自己的密码，然后才能继续使用平台" : nil
        let content: Node<HTML.BodyContext> = .group(
            Components.notice(notice, kind: "warning"),
            .form(
                .class("card"), .action(escaping: SiteURL.password.path), .method(.post),
                Layout.csrfField(context.csrf),
                Components.field("当前密码", name: "current", type: .password, required: true, error: errors["current"], autocomplete: "current-password"),
                Components.field("新密码", name: "password", type: .password, required: true, error: errors["password"],
                                 hint: "至少8位，含字母、数字、符号中的两类", autocomplete: "new-password"),
                Components.field("再次输入新密码", name: "confirmation", type: .password, required: true, error: errors["confirmation"],
                                 autocomplete: "new-password"),
                .button(.type(.submit), .text("修改密码"))
            )
        )
        return Layout.response(Layout.document(title: "修改密码", context: context, content), status: status)
    }

    package static func submit(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let form = try request.content.decode(Form.self)
        do {
            try await AccountService(platform: platform).changeOwnPassword(
                user.account, current: form.current ?? "", new: form.password ?? "", confirmation: form.confirmation ?? "", ip: request.clientIP
            )
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await page(request, platform, errors: error.fields, status: .unprocessableEntity)
        }
        return request.redirect(toPath: SiteURL.home.with(["done": "password"]))
    }
}
