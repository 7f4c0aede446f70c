/// The outcome of checking one imported row on its own: the value, or every problem found in it.
public enum RowParse<Value: Sendable>: Sendable {
    case valid(Value)
    case invalid([FieldProblem])
}

extension RowParse: Equatable where Value: Equatable {}
