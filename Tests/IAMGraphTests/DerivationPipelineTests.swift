import Foundation
import IAMPolicy
import IAMStore
import RoleChainTestSupport
import Testing

@testable import IAMGraph

/// Derivation on worker threads (``DerivationPipeline``) must hand the
/// writer exactly what derivation on one thread emits, in the same order:
/// the store's edge ids, and so every report's tie-breaks, depend on it.
@Suite(.serialized) struct DerivationPipelineTests {
    struct Emitted: Equatable, CustomStringConvertible {
        var source: NodeReference
        var target: NodeReference
        var hopCost: Int
        var caveats: String
        var grants: String
        var notes: String

        init(_ edge: EncodedEdge) {
            source = edge.source
            target = edge.target
            hopCost = edge.hopCost
            caveats = edge.caveats
            grants = edge.grants
            notes = edge.notes
        }

        var description: String { "\(source) -> \(target) \(caveats)" }
    }

    @Test(arguments: [1, 2, 3])
    func workersEmitWhatOneThreadEmitsInTheSameOrder(workers: Int) throws {
        let folder = try EdgeIndexEquivalenceTests.generateOrganization(
            accounts: 6,
            rolesPerAccount: 200,
            usersPerAccount: 20,
            seed: 5
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try RoleChainStore.inMemory()
        _ = try Importer(store: store).importPaths([folder.path])

        let (roles, sequential, pipelined) = try store.write { writer in
            let deriver = try EdgeDeriver.load(writer)
            var sequential: [Emitted] = []
            let sequentialFindings = deriver.derive { sequential.append(Emitted(EncodedEdge($0))) }

            let identity = try IdentityPolicies.load(writer.db, service: "sts")
            let pipeline = DerivationPipeline(
                deriver: deriver,
                preparation: BackgroundPreparation(identity: identity, organizations: OrganizationContext()),
                workers: workers
            )
            var pipelined: [Emitted] = []
            while let batch = pipeline.next() { pipelined += batch.map(Emitted.init) }
            let pipelinedFindings = try pipeline.finish { pipelined.append(Emitted($0)) }
            #expect(pipelinedFindings == sequentialFindings)
            return (deriver.roleIDs.count, sequential, pipelined)
        }
        // Several chunks per worker, so the workers really interleave.
        #expect(roles > DerivationPipeline.rolesPerChunk * 3)
        #expect(sequential.count > 1000)
        #expect(pipelined.count == sequential.count)
        let firstDifference = sequential.indices.first { index in
            index >= pipelined.count || sequential[index] != pipelined[index]
        }
        #expect(firstDifference == nil, "first difference at \(firstDifference ?? -1)")
    }
}
