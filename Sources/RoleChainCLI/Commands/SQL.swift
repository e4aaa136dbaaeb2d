import ArgumentParser
import IAMGraph

extension RoleChainCommand {
    struct SQL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Run a read-only SQL query on the store and print the rows.",
            discussion: """
                The views principals, assumeRoleEdges, identityStatements and bucketGrants answer most questions; \
                see README.md, "Querying the store". Values for ? placeholders follow the query. With \
                --format mermaid or dot, rows with source and target columns are drawn as edges.
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The query: SELECT or WITH … SELECT.")
        var query: String

        @Argument(help: "Values bound to the query's ? placeholders, in order.")
        var values: [String] = []

        func run() throws {
            let result: QueryResult
            do {
                result = try ReadOnlyQuery(store: try store.open(.readOnly)).run(query, arguments: values)
            } catch let failure as ReadOnlyQuery.Failure {
                throw CommandFailure(message: failure.description, status: .usage)
            }
            try output.emit(output.format.formatter.format(result))
        }
    }
}
