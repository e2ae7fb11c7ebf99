import Foundation

/// A refusal by the role table (SPEC X5: "every refusal is logged").
///
/// Carries the role and action as data so the log line and the 403 problem+json can name both;
/// `message` is the sentence shown to the person.
public struct PermissionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let role: Role
    public let action: Action

    public init(role: Role, action: Action) {
        self.role = role
        self.action = action
    }

    /// One line, Simplified Chinese.
    public var message: String {
        "“\(role.chineseName)”角色无权\(action.chineseName)"
    }

    public var description: String { message }
}
