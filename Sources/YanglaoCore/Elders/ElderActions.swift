/// What the register of older residents lets roles do.
extension Action {
    /// See the older residents of one's region (an institution operator: the residents of their own facility), masked.
    public static let readElders = Action("readElders", label: "查看老年人信息",
                                          roles: [.admin, .viewer, .villageStaff, .assessor, .hotlineOperator, .institutionOperator])
    /// Register and change older residents, import the registry, record the 特困 self-care check.
    public static let editElders = Action("editElders", label: "登记和修改老年人信息", roles: [.admin, .villageStaff])
    /// Record ability assessments (GB/T 42195).
    public static let assessElders = Action("assessElders", label: "老年人能力评估", roles: [.admin, .assessor])

    public static let elders: [Action] = [.readElders, .editElders, .assessElders]
}
