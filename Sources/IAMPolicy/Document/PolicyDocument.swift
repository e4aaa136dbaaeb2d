/// An IAM policy document: identity, trust, bucket, SCP or RCP policy.
public struct PolicyDocument: Sendable, Hashable {
    public var version: String?
    public var statements: [PolicyStatement]

    public init(version: String? = "2012-10-17", statements: [PolicyStatement]) {
        self.version = version
        self.statements = statements
    }

    /// Policy variables such as `${aws:username}` are only variables under
    /// version 2012-10-17; otherwise they are literal text (R2.7).
    public var supportsPolicyVariables: Bool { version == "2012-10-17" }
}
