import ArgumentParser
import IAMGraph

extension RoleChainCommand {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise the store: accounts, principals, edges, entry points, buckets, warnings."
        )

        @OptionGroup var store: StoreOptions

        func run() throws {
            let stats = try StoreStatistics.read(from: try store.open(.readOnly))
            print(stats.description)
        }
    }
}
