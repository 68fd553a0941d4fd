/// Why a valid input record is not stored. Duplicates are not here: the store decides them.
public enum SkipReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A read verb: `get`, `list`, `watch`.
    case readVerb = "read verb"
    /// A request that failed: `responseStatus.code` outside 200–299.
    case failed = "failed request"
    /// A dry run (`dryRun=All` in the request URI): nothing was persisted (k8s-semantics §8 #49).
    case dryRun = "dry run"
    /// An audit stage other than `ResponseComplete` (`RequestReceived`, `ResponseStarted`, `Panic`).
    case otherStage = "other stage"
    /// A watch `BOOKMARK`: progress, not a change.
    case bookmark = "bookmark"
    /// A request for a non-resource URL (`/healthz`, `/version`, …), or one with no `objectRef.resource`.
    case nonResource = "non-resource request"
    /// A verb or subresource that changes no stored object: `proxy`, `impersonate`, `pods/exec`,
    /// `pods/attach`, `pods/portforward`, `pods/log`, `serviceaccounts/token`, ….
    case notAMutation = "not a mutation"
    /// A `deletecollection` whose record does not list the deleted items (Metadata or Request level).
    case collectionWithoutItems = "deletecollection without items"
    /// A `create` by `generateName` logged without its response object, so its name is unknown.
    case unnamedObject = "object name unknown"

    /// A short phrase for summaries (`12 read verb`).
    public var description: String { rawValue }
}
