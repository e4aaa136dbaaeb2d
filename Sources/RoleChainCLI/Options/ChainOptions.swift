import ArgumentParser
import IAMGraph

/// How far and how surely chains are followed.
struct ChainOptions: ParsableArguments {
    @Option(name: .long, help: "The most AssumeRole hops a chain may have.")
    var maxHops: Int = ChainQueries.defaultMaxHops

    @Flag(name: .long, help: "Only follow edges and grants that hold without undecided conditions.")
    var unconditionalOnly = false

    func validate() throws {
        guard (0...64).contains(maxHops) else { throw ValidationError("--max-hops must be between 0 and 64.") }
    }

    var queryOptions: ChainQueries.Options {
        ChainQueries.Options(maxHops: maxHops, unconditionalOnly: unconditionalOnly)
    }
}
