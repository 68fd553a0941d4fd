/// The positional arguments of `get` as kubectl reads them: `TYPE[,TYPE…] [NAME…]` or
/// `TYPE/NAME…`.
struct GetArguments: Sendable, Equatable {
    /// One type as typed, with the names asked for (empty: every object of the type).
    struct Request: Sendable, Equatable {
        var type: String
        var names: [String]
    }

    var requests: [Request]
    /// Whether the arguments name exactly one object of one type (kubectl then prints the object
    /// itself in `-o yaml|json`, not a `List`).
    var singleItem: Bool

    /// Parses `arguments`.
    ///
    /// - Throws: ``CommandFailure`` (usage) with kubectl's words for a missing type or a mix of
    ///   the two forms.
    init(_ arguments: [String]) throws {
        guard let first = arguments.first else {
            throw CommandFailure(
                .usage,
                "You must specify the type of resource to get. "
                    + "Use \"kubeledger stats\" for the kinds the ledger holds.")
        }
        if arguments.contains(where: { $0.contains("/") }) {
            requests = try arguments.map { arg in
                let parts = arg.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[0].contains(",") else {
                    if !arg.contains("/") {
                        throw CommandFailure(
                            .usage,
                            "there is no need to specify a resource type as a separate argument when passing "
                                + "arguments in resource/name form (e.g. 'kubeledger get resource/<resource_name>' "
                                + "instead of 'kubeledger get resource resource/<resource_name>'")
                    }
                    throw CommandFailure(.usage, "arguments in resource/name form must have a single resource and name")
                }
                return Request(type: String(parts[0]), names: [String(parts[1])])
            }
            singleItem = requests.count == 1
            return
        }
        let types = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if types.contains(where: \.isEmpty) {
            throw CommandFailure(.usage, "'\(first)': a resource type list has an empty entry")
        }
        let names = Array(arguments.dropFirst())
        requests = types.map { Request(type: $0, names: names) }
        singleItem = types.count == 1 && names.count == 1
    }
}
