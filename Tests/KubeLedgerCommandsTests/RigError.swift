/// A step of the rig that failed.
struct RigError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
