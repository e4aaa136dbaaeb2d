/// Facts about a chain that do not change whether it exists, so they are
/// notes rather than caveats.
public enum ChainNotes {
    /// A role's session assuming another role is role chaining: AWS caps
    /// the new session at one hour, whatever the role's maximum (R5.5,
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html).
    /// EC2 instance-profile credentials do not count as chaining.
    public static func notes(for chain: Chain) -> [String] {
        var notes: [String] = []
        for (from, to) in zip(chain.nodes, chain.nodes.dropFirst()) where from.kind == "role" && to.kind == "role" {
            notes.append("\(from.arn) -> \(to.arn) is role chaining: the session into \(to.arn) lasts at most 1 hour")
        }
        return notes
    }
}
