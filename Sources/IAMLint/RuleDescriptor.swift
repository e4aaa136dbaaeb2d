/// What a rule checks, independent of any finding: the README table,
/// `lint --list-rules`-style output and every finding's fix and link come
/// from here, so they cannot drift apart.
public struct RuleDescriptor: Sendable, Hashable {
    /// `RC001` …; never reused once published.
    public var id: String
    /// Kebab-case name, for people who do not remember numbers.
    public var name: String
    /// The default severity; a rule may raise or lower it for one finding
    /// only where its documentation says so.
    public var severity: Severity
    /// One line: what the rule flags.
    public var summary: String
    /// The usual fix.
    public var fix: String
    /// The AWS page that explains the behaviour behind the rule.
    public var documentation: String

    public init(id: String, name: String, severity: Severity, summary: String, fix: String, documentation: String) {
        self.id = id
        self.name = name
        self.severity = severity
        self.summary = summary
        self.fix = fix
        self.documentation = documentation
    }
}
