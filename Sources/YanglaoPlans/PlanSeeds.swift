import YanglaoCore

/// The two 2021 plans of ../shared/seeds as data: their headers, sections and numbered tasks (each
/// with a short summary of what it asks), and the indicators each sets with the plan's own targets.
enum PlanSeeds {
    struct Task {
        var section: String
        var number: String
        var title: String
        var body: String
        var responsible: String
        var deadline: String?
    }

    struct Indicator {
        var code: String
        var label: String?
        var target: Double?
        /// The number of the task it belongs to.
        var task: String?
        var inBreakdown: Bool
    }

    struct Seed {
        var regionCode: String
        var year: Int
        var title: String
        var documentNumber: String
        var issuingBody: String
        var issuedOn: String?
        var tasks: [Task]
        var indicators: [Indicator]
    }

    static let haian = Seed(
        regionCode: "320685", year: 2021, title: "2021年全市养老服务工作要点", documentNumber: "海民〔2021〕26号", issuingBody: "海安市民政局",
        issuedOn: nil,
        tasks: [
            Task(section: "一、抓好养老服务领域疫情防控", number: "（一）", title: "疫情防控常态化工作机制",
                 body: "督促各类养老机构、居家养老服务组织严格落实疫情防控要求，将养老机构疫情防控纳入镇、街道联防联控体系。", responsible: "各镇、街道", deadline: nil),
            Task(section: "二、巩固居家社区养老基础地位", number: "（二）", title: "完善社区养老服务设施功能",
                 body: "完成日间照料中心提升；镇级居家养老服务中心建设全覆盖；确保基层居家养老服务设施有场地、有牌子、有活动、有记录。", responsible: "各镇、街道", deadline: nil),
            Task(section: "二、巩固居家社区养老基础地位", number: "（三）", title: "提升居家养老服务质量",
                 body: "全市接受居家上门服务老年人比例达到18%以上；为全市900户经济困难的高龄、失能、重度残疾老年人家庭实施居家适老化改造。", responsible: "各镇、街道", deadline: nil),
            Task(section: "三、提升机构养老服务支撑能力", number: "（四）", title: "推进农村敬老院升级改造",
                 body: "实施“双改造双提升”工程，改造2所重度失能（失智）特困人员照护供养服务机构设施，完成油烟治理和污水接管，新增护理型床位200张，打造2家标准化农村区域性养老服务中心。",
                 responsible: "各镇、街道；市民政局", deadline: nil),
            Task(section: "三、提升机构养老服务支撑能力", number: "（五）", title: "推行链式养老服务模式",
                 body: "鼓励规模连锁型、医养结合型养老机构承接运营社区养老服务设施，链式养老服务模式全面推开。", responsible: "各镇、街道", deadline: nil),
            Task(section: "三、提升机构养老服务支撑能力", number: "（六）", title: "深入推进医养结合服务",
                 body: "所有养老机构都能以不同形式为入住老年人提供医疗卫生服务，护理型床位占比不低于68%。", responsible: "市民政局；市卫健委", deadline: nil),
            Task(section: "四、加强养老服务人才队伍建设", number: "（七）", title: "提升养老服务人才队伍专业化水平",
                 body: "全市参培的养老服务人员不少于800名，所有养老机构负责人轮训一遍。", responsible: "市民政局；各镇、街道", deadline: nil),
            Task(section: "四、加强养老服务人才队伍建设", number: "（八）", title: "建立养老服务人才褒扬机制",
                 body: "举办消防技能比武和安全知识竞赛，组织参加养老护理技能大赛，利用各种媒介宣传先进事迹。", responsible: "市民政局", deadline: nil),
            Task(section: "五、促进养老服务产业发展", number: "（九）", title: "引导社会力量参与养老服务",
                 body: "继续推进城企联动普惠养老工程，支持养老机构连锁化经营、集团化发展。", responsible: "各镇、街道", deadline: nil),
            Task(section: "五、促进养老服务产业发展", number: "（十）", title: "培育“银发产业”新需求",
                 body: "大公镇贲巷社区、海安街道星海社区、雅周镇新雅社区试点解决老年人运用智能技术困难；推广康复辅具租赁服务试点。",
                 responsible: "大公镇、海安街道、雅周镇", deadline: nil),
            Task(section: "六、加强养老服务综合监管", number: "（十一）", title: "完善养老服务综合监管制度",
                 body: "建立养老服务行业信用管理体系，研究制定“双随机、一公开”工作制度。", responsible: "市民政局；自然资源、住建、消防救援、市场监管、卫生健康等部门", deadline: nil),
            Task(section: "六、加强养老服务综合监管", number: "（十二）", title: "深化养老服务领域安全生产专项整治",
                 body: "全市养老服务机构100%达到消防安全标准，需安装电气火灾、燃气泄漏报警装置的机构安装率100%，重大隐患全面“清零”，安全监管人员全部注册上线。",
                 responsible: "各镇、街道；市民政局", deadline: nil),
            Task(section: "六、加强养老服务综合监管", number: "（十三）", title: "提高应对养老服务领域重大风险能力",
                 body: "持续排查非法集资风险隐患，整治针对老年人的“保健”乱象。", responsible: "市民政局；公安、金融监管、市场监管部门", deadline: nil),
        ],
        indicators: [
            Indicator(code: "day_care_centres", label: "日间照料中心", target: nil, task: "（二）", inBreakdown: true),
            Indicator(code: "town_home_care_centres", label: "镇级居家养老服务中心", target: nil, task: "（二）", inBreakdown: true),
            Indicator(code: "new_medical_care_institutions", label: "新建医养结合型养老机构", target: nil, task: "（六）", inBreakdown: true),
            Indicator(code: "dementia_care_centres", label: "失能失智集中照护中心", target: 2, task: "（四）", inBreakdown: true),
            Indicator(code: "regional_centres", label: "区域性养老服务中心", target: 2, task: "（四）", inBreakdown: true),
            Indicator(code: "home_renovations", label: "适老化改造户数", target: 900, task: "（三）", inBreakdown: true),
            Indicator(code: "workers_trained", label: "养老服务从业人员培训数", target: 800, task: "（七）", inBreakdown: true),
            Indicator(code: "safety_articles", label: "安全管理新闻宣传稿件", target: nil, task: "（八）", inBreakdown: true),
            Indicator(code: "home_service_share", label: nil, target: 18, task: "（三）", inBreakdown: false),
            Indicator(code: "nursing_beds_added", label: nil, target: 200, task: "（四）", inBreakdown: false),
            Indicator(code: "nursing_bed_share", label: nil, target: 68, task: "（六）", inBreakdown: false),
            Indicator(code: "medical_service", label: nil, target: 100, task: "（六）", inBreakdown: false),
            Indicator(code: "four_haves", label: nil, target: 100, task: "（二）", inBreakdown: false),
            Indicator(code: "fire_compliance", label: nil, target: 100, task: "（十二）", inBreakdown: false),
            Indicator(code: "alarms_installed", label: nil, target: 100, task: "（十二）", inBreakdown: false),
        ]
    )

    static let tongliao = Seed(
        regionCode: "150500", year: 2021, title: "2021年开展“养老服务提质提升年”活动实施方案", documentNumber: "通民福字〔2021〕1号",
        issuingBody: "通辽市民政局", issuedOn: nil,
        tasks: [
            Task(section: "三、主要任务", number: "（一）", title: "启动智慧养老创建工程",
                 body: "年内建成覆盖全市的居家社区养老信息化服务平台：市本级建设总平台，各旗县市区建设分平台，街道建设服务实体，市旗街道三级联动。",
                 responsible: "市民政局；各旗县市区民政局", deadline: "2021-12-31"),
            Task(section: "三、主要任务", number: "（二）", title: "提高养老机构供养服务水平",
                 body: "敖力布皋镇敬老院、舍伯吐中心敬老院、保康中心敬老院、霍林郭勒市中心敬老院、八仙筒中心敬老院年内建成运营；消防、食品安全达标率100%；护理型床位占比55%以上；生活不能自理特困人员集中供养率60%以上；有集中供养意愿的特困老年人集中供养率100%；开展互助养老幸福院专项整治。",
                 responsible: "各旗县市区民政局", deadline: "2021-12-31"),
            Task(section: "三、主要任务", number: "（三）", title: "深入推进医养结合",
                 body: "100张以上床位的养老机构、入住30人以上的特困人员供养服务机构内设医务室或护理站；医养签约率100%；敬老院新建标准化卫生室20个。",
                 responsible: "各旗县市区民政局；卫健部门", deadline: "2021-12-31"),
            Task(section: "三、主要任务", number: "（四）", title: "推进养老院服务质量标准化建设",
                 body: "贯彻 GB/T 35796-2017，养老院年底前全部建立健全内部管理服务制度与标准规范。", responsible: "各旗县市区民政局", deadline: "2021-12-31"),
            Task(section: "三、主要任务", number: "（五）", title: "实施养老服务人才培养培训工程",
                 body: "年内培训养老服务运营人才和养老护理员500名。", responsible: "市民政局；各旗县市区民政局", deadline: "2021-12-31"),
            Task(section: "三、主要任务", number: "（六）", title: "开展养老机构等级评定",
                 body: "年内全市普遍推行全国统一的养老机构等级评定制度。", responsible: "市民政局", deadline: "2021-12-31"),
            Task(section: "三、主要任务", number: "（七）", title: "营造良好舆论氛围",
                 body: "通过广播电视、报刊、官网、微博、微信公众号等加强活动宣传。", responsible: "市民政局；各旗县市区民政局", deadline: nil),
            Task(section: "四、保障措施", number: "（三）", title: "强化督查督导",
                 body: "建立“督查台账”月报制度；各旗县市区民政局于12月15日前书面报送活动总结报告。", responsible: "各旗县市区民政局", deadline: "2021-12-15"),
        ],
        indicators: [
            Indicator(code: "hardship_homes_completed", label: "敬老院新建、改扩建建成运营", target: 5, task: "（二）", inBreakdown: true),
            Indicator(code: "standard_clinics", label: "敬老院新建标准化卫生室", target: 20, task: "（三）", inBreakdown: true),
            Indicator(code: "workers_trained", label: "养老服务人才培训", target: 500, task: "（五）", inBreakdown: true),
            Indicator(code: "nursing_bed_share", label: "护理型床位占比", target: 55, task: "（二）", inBreakdown: true),
            Indicator(code: "fire_food_compliance", label: "消防、食品安全达标率", target: 100, task: "（二）", inBreakdown: true),
            Indicator(code: "hardship_unable_in_care", label: "生活不能自理特困人员集中供养率", target: 60, task: "（二）", inBreakdown: true),
            Indicator(code: "medical_agreement", label: "医养签约率", target: 100, task: "（三）", inBreakdown: true),
            Indicator(code: "hardship_willing_in_care", label: nil, target: 100, task: "（二）", inBreakdown: false),
            Indicator(code: "clinic_where_required", label: nil, target: 100, task: "（三）", inBreakdown: false),
            Indicator(code: "management_standards", label: nil, target: 100, task: "（四）", inBreakdown: false),
        ]
    )

    /// The five 敬老院 the Tongliao plan names, by the 旗县 they are in.
    static let tongliaoHomes: [String: Double] = ["150502": 1, "150521": 2, "150525": 1, "150581": 1]
}
