import Foundation
import IAMGraph
import IAMPolicy
import IAMStore
import Testing

/// The candidate index (``AssumeRoleCandidateIndex``) and the class nodes
/// (``AssumerClasses``) must never change what derivation finds: on a
/// generated 1k-role organization, `EdgeDeriver.derive()` with its class
/// nodes expanded and the reference `deriveByCheckingEveryPair()` must
/// connect the same pairs, with the same conditions (GitHub issue 4).
@Suite(.serialized) struct EdgeIndexEquivalenceTests {
    /// An edge reduced to what must agree, with principals named by ARN
    /// (stable and readable in a failure message).
    struct EdgeKey: Hashable, Comparable, CustomStringConvertible {
        var source: String
        var target: String
        var isConditional: Bool
        var caveats: [String]
        /// The caveats without the statement each cites: a class cites every
        /// holder's copy of a statement, a member's own edge its own copy.
        var conditions: [String]

        static func < (lhs: EdgeKey, rhs: EdgeKey) -> Bool {
            (lhs.source, lhs.target, lhs.isConditional ? 1 : 0, lhs.caveats.joined(separator: "\u{1F}"))
                < (rhs.source, rhs.target, rhs.isConditional ? 1 : 0, rhs.caveats.joined(separator: "\u{1F}"))
        }

        var description: String {
            "\(source) -> \(target)" + (isConditional ? " [conditional: \(caveats.joined(separator: "; "))]" : "")
        }
    }

    /// The package root: this file is Tests/IAMGraphTests/EdgeIndexEquivalenceTests.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs Scripts/generate-organization.py into a fresh temp folder.
    static func generateOrganization(accounts: Int, rolesPerAccount: Int, usersPerAccount: Int, seed: Int) throws -> URL
    {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("rolechain-edge-index-\(UUID().uuidString)", isDirectory: true)
        let script = packageRoot.appendingPathComponent("Scripts/generate-organization.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script,
            "--accounts", String(accounts), "--roles-per-account", String(rolesPerAccount),
            "--users-per-account", String(usersPerAccount), "--seed", String(seed), "--out", folder.path,
        ]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GeneratorFailure(status: process.terminationStatus, message: message)
        }
        return folder
    }

    struct GeneratorFailure: Error, CustomStringConvertible {
        var status: Int32
        var message: String
        var description: String { "generate-organization.py exited with \(status): \(message)" }
    }

    static func key(_ node: NodeReference, arns: [Int64: String]) -> String {
        switch node {
        case .principal(let id): arns[id] ?? "principal#\(id)"
        case .entry(let kind, let arn, let accountID): "entry:\(kind):\(arn)" + (accountID.map { "@\($0)" } ?? "")
        }
    }

    static func keys(_ edges: [DerivedEdge], arns: [Int64: String]) -> Set<EdgeKey> {
        Set(
            edges.map { edge in
                EdgeKey(
                    source: key(edge.source, arns: arns),
                    target: key(edge.target, arns: arns),
                    isConditional: !edge.caveats.isEmpty,
                    caveats: edge.caveats.map(\.description),
                    conditions: edge.caveats.map { "\($0.kind) \($0.condition)" }
                )
            }
        )
    }

    /// Expands each class node (member → node → role) into the direct edges
    /// it stands for (member → role, the node→role edge's caveats), so both
    /// derivations can be compared pair for pair.
    static func expandingAssumerSets(_ edges: [DerivedEdge]) -> [DerivedEdge] {
        func isSet(_ node: NodeReference) -> Bool {
            if case .entry(let kind, _, _) = node { return kind == "assumer-set" }
            return false
        }
        let members = Dictionary(grouping: edges.filter { isSet($0.target) }, by: { "\($0.target)" })
        var result = edges.filter { !isSet($0.source) && !isSet($0.target) }
        for edge in edges where isSet(edge.source) {
            for member in members["\(edge.source)"] ?? [] {
                result.append(
                    DerivedEdge(
                        source: member.source,
                        target: edge.target,
                        caveats: member.caveats + edge.caveats,
                        grants: []
                    )
                )
            }
        }
        return result
    }

    @Test func indexedDerivationMatchesCheckingEveryPairOn1kRoles() throws {
        let folder = try Self.generateOrganization(accounts: 5, rolesPerAccount: 200, usersPerAccount: 20, seed: 11)
        defer { try? FileManager.default.removeItem(at: folder) }

        let store = try RoleChainStore.inMemory()
        let summary = try Importer(store: store).importPaths([folder.path])
        #expect(summary.accounts.count == 5)
        #expect(summary.principals == 5 * (200 + 20))

        let arns = try store.write { writer in
            try IdentityPolicies.load(writer.db, service: "sts").principals.mapValues(\.arn)
        }
        let indexed = try store.write { try EdgeDeriver.load($0).derive() }
        let everyPair = try store.write { try EdgeDeriver.load($0).deriveByCheckingEveryPair() }

        let expanded = Self.expandingAssumerSets(indexed.edges)
        // The class nodes are in use: they are what keeps large estates small.
        #expect(expanded.count > indexed.edges.count)
        // The store keeps one edge per (source, target).
        let stored = indexed.edges.map { Self.key($0.source, arns: arns) + " -> " + Self.key($0.target, arns: arns) }
        let repeated = Dictionary(grouping: stored, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "edges stored twice: \(repeated.prefix(20))")
        // A generated 1k organization has thousands of edges; an empty pair of sets would prove nothing.
        #expect(everyPair.edges.count > 1000)

        // Through classes a caller may reach a role along several paths,
        // one per Allow statement: together they must say what the
        // evaluator says of the pair — the same pairs, unconditional when it
        // is, and no condition it does not name.
        let fast = Dictionary(grouping: Self.keys(expanded, arns: arns), by: { "\($0.source) -> \($0.target)" })
        let reference = Dictionary(
            grouping: Self.keys(everyPair.edges, arns: arns),
            by: { "\($0.source) -> \($0.target)" }
        )
        #expect(reference.values.allSatisfy { $0.count == 1 })
        let missed = Set(reference.keys).subtracting(fast.keys).sorted()
        let extra = Set(fast.keys).subtracting(reference.keys).sorted()
        #expect(
            missed.isEmpty,
            "derive() misses \(missed.count) edge(s) that deriveByCheckingEveryPair() finds (index bug):\n\(missed.prefix(50).joined(separator: "\n"))"
        )
        #expect(
            extra.isEmpty,
            "derive() finds \(extra.count) edge(s) that deriveByCheckingEveryPair() does not:\n\(extra.prefix(50).joined(separator: "\n"))"
        )
        var disagreeing: [String] = []
        for (pair, expected) in reference {
            guard let truth = expected.first, let paths = fast[pair] else { continue }
            let agrees =
                truth.isConditional
                ? paths.allSatisfy { $0.isConditional && Set($0.conditions).isSubset(of: truth.conditions) }
                : paths.contains { !$0.isConditional }
            if !agrees { disagreeing.append("\(truth) but derive() gives \(paths.map(\.description))") }
        }
        #expect(
            disagreeing.isEmpty,
            "\(disagreeing.count) pair(s) disagree:\n\(disagreeing.prefix(20).joined(separator: "\n"))"
        )
    }
}
