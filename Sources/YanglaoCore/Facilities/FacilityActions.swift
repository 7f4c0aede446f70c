/// What the facilities registry lets roles do.
extension Action {
    /// See the facilities of one's region (an institution operator: their own facility only).
    public static let readFacilities = Action("readFacilities", label: "查看养老服务设施",
                                              roles: [.admin, .viewer, .villageStaff, .inspector, .assessor, .hotlineOperator, .institutionOperator])
    /// Register facilities and change those one's bureau supervises, with their projects.
    public static let editFacilities = Action("editFacilities", label: "登记和修改养老服务设施", roles: [.admin])

    public static let facilities: [Action] = [.readFacilities, .editFacilities]
}
