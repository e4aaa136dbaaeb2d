import ArgumentParser
import IAMGraph
import IAMReports

extension RoleChainCommand {
    struct Chains: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List AssumeRole chains: shortest per source and target.",
            discussion: "'--max-hops 1' lists the direct edges."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var chain: ChainOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .long, help: "Only chains starting at this principal (ARN, service name or '*').")
        var from: String?

        @Option(name: .long, help: "Only chains ending at this role (ARN).")
        var to: String?

        func run() throws {
            let database = try store.open(.readOnly)
            let lookup = PrincipalLookup(store: database)
            let sources = try from.map { [try lookup.id(of: $0)] }
            let targets = try to.map { Set([try lookup.id(of: $0)]) }
            let chains = try ChainQueries(store: database).allChains(
                from: sources,
                to: targets,
                options: chain.queryOptions
            )
            try output.emit(output.format.formatter.format(ChainReport(chains: chains)))
        }
    }
}
