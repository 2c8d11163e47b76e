<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name />
    <message>
      <source>Close account and refund</source>
      <translation>销户退费</translation>
    </message>
    <message>
      <source>Load meters</source>
      <translation>载入电表</translation>
    </message>
    <message>
      <source>Tool cards</source>
      <translation>工具卡</translation>
    </message>
    <message>
      <source>Write tool card</source>
      <translation>写工具卡</translation>
    </message>
    <message>
      <source>Read tool card back from the meter [F8]</source>
      <translation>读回电表返写的工具卡 [F8]</translation>
    </message>
    <message>
      <source>account number</source>
      <translation>户号</translation>
    </message>
    <message>
      <source>Meter</source>
      <translation>电表</translation>
    </message>
    <message>
      <source>Last write-back (kWh)</source>
      <translation>上次返写（kWh）</translation>
    </message>
    <message>
      <source>Meter shows now (kWh)</source>
      <translation>电表当前显示（kWh）</translation>
    </message>
    <message>
      <source>reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>1 meter. Type what it shows now, a reason, then close.</source>
      <translation>共1块电表。请输入该表当前显示的剩余电量和原因，然后销户。</translation>
    </message>
    <message>
      <source>{n} meters. Type what each meter shows now, a reason, then close.</source>
      <translation>共{n}块电表。请输入各表当前显示的剩余电量和原因，然后销户。</translation>
    </message>
    <message>
      <source>Account {account} closed; pay back {total}.</source>
      <translation>户号{account}已销户；应退{total}。</translation>
    </message>
    <message>
      <source>Card</source>
      <translation>卡</translation>
    </message>
    <message>
      <source>Meter number</source>
      <translation>表号</translation>
    </message>
    <message>
      <source>Low-balance threshold (kWh, parameter card)</source>
      <translation>报警电量（kWh，参数卡）</translation>
    </message>
    <message>
      <source>Credit cap (kWh, parameter card; 0 = none)</source>
      <translation>囤积限额（kWh，参数卡；0 = 不限）</translation>
    </message>
    <message>
      <source>Writing the tool card...</source>
      <translation>正在写工具卡……</translation>
    </message>
    <message>
      <source>confirmed</source>
      <translation>已确认</translation>
    </message>
    <message>
      <source>not confirmed</source>
      <translation>未确认</translation>
    </message>
    <message>
      <source>kWh</source>
      <translation>kWh</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <source>Charges</source>
      <translation>扣费</translation>
    </message>
    <message>
      <source>Paid back</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Tool card {serial} written for meter {meter}.</source>
      <translation>已为电表{meter}写工具卡{serial}。</translation>
    </message>
    <message>
      <source>{kind} card {serial} for meter {meter}: {state}. {detail}</source>
      <translation>{kind}卡{serial}（电表{meter}）：{state}。{detail}</translation>
    </message>
    <message>
      <source>check card</source>
      <translation>检查卡</translation>
    </message>
    <message>
      <source>parameter card</source>
      <translation>参数卡</translation>
    </message>
    <message>
      <source>key-change card</source>
      <translation>密钥更新卡</translation>
    </message>
    <message>
      <source>Open account</source>
      <translation>开户</translation>
    </message>
    <message>
      <source>Write over this card?</source>
      <translation>覆盖这张卡吗？</translation>
    </message>
    <message>
      <source>Replace meter</source>
      <translation>换表</translation>
    </message>
    <message>
      <source>Arrears and charges</source>
      <translation>欠费与其他费用</translation>
    </message>
    <message>
      <source>Add charge</source>
      <translation>添加费用</translation>
    </message>
    <message>
      <source>Customer search</source>
      <translation>用户查询</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Supply team</source>
      <translation>供电所/班组</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>用户类别</translation>
    </message>
    <message>
      <source>Account {account} opened for {name}. Next: pair a meter and issue the card (Accounts menu).</source>
      <translation>已为{name}开户，户号{account}。下一步：配对电表并发卡（开户管理菜单）。</translation>
    </message>
    <message>
      <source>Leave the account empty only to issue a card for a paired meter.</source>
      <translation>只有为已配对的电表发卡时，户号才可留空。</translation>
    </message>
    <message>
      <source>Pair meter and issue card</source>
      <translation>配表发卡</translation>
    </message>
    <message>
      <source>Pair meter</source>
      <translation>配对电表</translation>
    </message>
    <message>
      <source>Issue card [F8]</source>
      <translation>发卡 [F8]</translation>
    </message>
    <message>
      <source>Old meter</source>
      <translation>旧表</translation>
    </message>
    <message>
      <source>New meter</source>
      <translation>新表</translation>
    </message>
    <message>
      <source>New meter type</source>
      <translation>新表类型</translation>
    </message>
    <message>
      <source>CT ratio</source>
      <translation>CT变比</translation>
    </message>
    <message>
      <source>PT ratio</source>
      <translation>PT变比</translation>
    </message>
    <message>
      <source>Old meter shows (kWh)</source>
      <translation>旧表显示剩余（kWh）</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Replacing: the customer's card stays in the reader...</source>
      <translation>正在换表：用户卡请留在读卡器中……</translation>
    </message>
    <message>
      <source>Is that what the old meter shows?</source>
      <translation>旧电表确实显示这个数吗？</translation>
    </message>
    <message>
      <source>Reissue lost card</source>
      <translation>补卡（遗失）</translation>
    </message>
    <message>
      <source>Reissue card</source>
      <translation>补卡</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>户号</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>说明</translation>
    </message>
    <message>
      <source>Amount (yuan)</source>
      <translation>金额（元）</translation>
    </message>
    <message>
      <source>Recovered per purchase (%)</source>
      <translation>每次购电扣回比例（%）</translation>
    </message>
    <message>
      <source>Charge of {amount} added to account {account}.</source>
      <translation>已为户号{account}添加费用{amount}。</translation>
    </message>
    <message>
      <source>name, ID number, phone, account, meter or card number</source>
      <translation>姓名、证件号、电话、户号、表号或卡号</translation>
    </message>
    <message>
      <source>resident ID (18 characters) or other document</source>
      <translation>居民身份证（18位）或其他证件</translation>
    </message>
    <message>
      <source>Meter type</source>
      <translation>电表类型</translation>
    </message>
    <message>
      <source>Writing the card... keep it in the reader.</source>
      <translation>正在写卡……请勿拔卡。</translation>
    </message>
    <message>
      <source>Meter {old} replaced by {new}; card {serial} rewritten. Moved {moved} (old meter {shown}, unapplied {unapplied}); the card carries {secondary} for the new meter, {carry} carried.</source>
      <translation>电表{old}已换为{new}；卡{serial}已重写。转移{moved}（旧表显示{shown}，未写入表的购电{unapplied}）；卡上为新表写入{secondary}，结转{carry}。</translation>
    </message>
    <message>
      <source>Writing the new card...</source>
      <translation>正在写新卡……</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Team</source>
      <translation>班组</translation>
    </message>
    <message>
      <source>Meters</source>
      <translation>电表</translation>
    </message>
    <message>
      <source>Meter {meter} paired to account {account}. Put a blank card in the reader and press Issue card (F8).</source>
      <translation>电表{meter}已配对到户号{account}。请放入空白卡，按“发卡”（F8）。</translation>
    </message>
    <message>
      <source>Card {serial} issued for meter {meter}. Hand it to the customer.</source>
      <translation>已为电表{meter}发卡{serial}，请交给用户。</translation>
    </message>
    <message>
      <source>Card {serial} issued for meter {meter}; the old card no longer works.</source>
      <translation>已为电表{meter}发新卡{serial}；旧卡作废。</translation>
    </message>
    <message>
      <source>1 customer found.</source>
      <translation>找到1户。</translation>
    </message>
    <message>
      <source>{n} customers found.</source>
      <translation>找到{n}户。</translation>
    </message>
    <message>
      <source>{code} added.</source>
      <translation>已添加{code}。</translation>
    </message>
    <message>
      <source>Change my password</source>
      <translation>修改我的密码</translation>
    </message>
    <message>
      <source>Change password</source>
      <translation>修改密码</translation>
    </message>
    <message>
      <source>Operators</source>
      <translation>操作员</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>执行</translation>
    </message>
    <message>
      <source>Areas, teams and categories</source>
      <translation>片区、班组和用户类别</translation>
    </message>
    <message>
      <source>{code} renamed.</source>
      <translation>{code} 已改名。</translation>
    </message>
    <message>
      <source>System parameters</source>
      <translation>系统参数</translation>
    </message>
    <message>
      <source>Set</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Vending keys</source>
      <translation>售电密钥</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>解锁</translation>
    </message>
    <message>
      <source>Station settings</source>
      <translation>本机设置</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Current password</source>
      <translation>当前密码</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
    <message>
      <source>New password again</source>
      <translation>再次输入新密码</translation>
    </message>
    <message>
      <source>Password changed.</source>
      <translation>密码已修改。</translation>
    </message>
    <message>
      <source>Login</source>
      <translation>登录名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>Locked until</source>
      <translation>锁定至</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Name (create)</source>
      <translation>姓名（新建）</translation>
    </message>
    <message>
      <source>Password (create, reset)</source>
      <translation>密码（新建、重置）</translation>
    </message>
    <message>
      <source>Operator {login}: done.</source>
      <translation>操作员{login}：已完成。</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Area / tariff</source>
      <translation>片区/电价</translation>
    </message>
    <message>
      <source>In use</source>
      <translation>在用</translation>
    </message>
    <message>
      <source>area</source>
      <translation>片区</translation>
    </message>
    <message>
      <source>team</source>
      <translation>班组</translation>
    </message>
    <message>
      <source>category</source>
      <translation>用户类别</translation>
    </message>
    <message>
      <source>tariff</source>
      <translation>电价</translation>
    </message>
    <message>
      <source>Area (team) or tariff (category)</source>
      <translation>片区（班组）或电价（类别）</translation>
    </message>
    <message>
      <source>{code} reinstated.</source>
      <translation>{code} 已恢复使用。</translation>
    </message>
    <message>
      <source>{code} retired: it takes no new customers.</source>
      <translation>{code} 已停用：不再接收新用户。</translation>
    </message>
    <message>
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Station (empty: the whole office)</source>
      <translation>售电点（空：全局）</translation>
    </message>
    <message>
      <source>{key} = {value}</source>
      <translation>{key} = {value}</translation>
    </message>
    <message>
      <source>key passphrase</source>
      <translation>密钥口令</translation>
    </message>
    <message>
      <source>Create a new key version (rotate)</source>
      <translation>新建密钥版本（轮换）</translation>
    </message>
    <message>
      <source>Meters still on an older key</source>
      <translation>仍使用旧密钥的电表</translation>
    </message>
    <message>
      <source>Type the key passphrase first.</source>
      <translation>请先输入密钥口令。</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Card reader (empty: the first one)</source>
      <translation>读卡器（空：第一个）</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>Keys unlocked (versions {v}): cards can be read and written.</source>
      <translation>密钥已解锁（版本{v}）：可以读写卡。</translation>
    </message>
    <message>
      <source>Key version {v} created. New meters use it; move the others with key-change cards.</source>
      <translation>已创建密钥版本{v}。新电表使用新密钥；其他电表请用密钥更新卡迁移。</translation>
    </message>
    <message>
      <source>add</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>rename</source>
      <translation>改名</translation>
    </message>
    <message>
      <source>retire</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>reinstate</source>
      <translation>恢复使用</translation>
    </message>
    <message>
      <source>Every paired meter is on the newest key.</source>
      <translation>所有已配对电表均使用最新密钥。</translation>
    </message>
    <message>
      <source>create</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>disable</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>enable</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>unlock</source>
      <translation>解除锁定</translation>
    </message>
    <message>
      <source>reset password</source>
      <translation>重置密码</translation>
    </message>
    <message>
      <source>change role</source>
      <translation>更改角色</translation>
    </message>
    <message>
      <source>all teams</source>
      <translation>全部供电所</translation>
    </message>
    <message>
      <source>any reason</source>
      <translation>任何原因</translation>
    </message>
    <message>
      <source>no purchase for a long time</source>
      <translation>长期未购电</translation>
    </message>
    <message>
      <source>sudden drop in purchases</source>
      <translation>购电量骤降</translation>
    </message>
    <message>
      <source>write-back does not fit the energy bought</source>
      <translation>回写电量与购电不符</translation>
    </message>
    <message>
      <source>tamper events</source>
      <translation>开盖/强磁事件</translation>
    </message>
    <message>
      <source>reverse current</source>
      <translation>反向电流</translation>
    </message>
    <message>
      <source>write-back fails authentication</source>
      <translation>回写认证失败</translation>
    </message>
    <message>
      <source>copied or replayed card</source>
      <translation>复制卡或重放</translation>
    </message>
    <message>
      <source>Suspicious customers</source>
      <translation>用电可疑户</translation>
    </message>
    <message>
      <source>Looking for suspicious customers...</source>
      <translation>正在查找用电可疑户...</translation>
    </message>
    <message>
      <source>Master meter vs sub-meters</source>
      <translation>总表/分表对比</translation>
    </message>
    <message>
      <source>Comparing master meters and sub-meters...</source>
      <translation>正在对比总表与分表...</translation>
    </message>
    <message>
      <source>Line loss % by month</source>
      <translation>月线损率 %</translation>
    </message>
    <message>
      <source>Line loss % by month: none found (a team needs master meter readings in at least two months).</source>
      <translation>月线损率：无（供电所需至少两个月的总表读数）。</translation>
    </message>
    <message>
      <source>Master meter readings</source>
      <translation>总表抄表</translation>
    </message>
    <message>
      <source>Record the typed reading [Enter]</source>
      <translation>记录输入的读数 [Enter]</translation>
    </message>
    <message>
      <source>Read over the serial link [F8]</source>
      <translation>通过串口抄读 [F8]</translation>
    </message>
    <message>
      <source>As of</source>
      <translation>截至日期</translation>
    </message>
    <message>
      <source>Lowest score</source>
      <translation>最低分值</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月</translation>
    </message>
    <message>
      <source>Master meter</source>
      <translation>总表</translation>
    </message>
    <message>
      <source>Register (kWh)</source>
      <translation>表码 (kWh)</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Serial port</source>
      <translation>串口</translation>
    </message>
    <message>
      <source>Reading recorded for {number}.</source>
      <translation>已记录 {number} 的读数。</translation>
    </message>
    <message>
      <source>Meter name</source>
      <translation>表名称</translation>
    </message>
    <message>
      <source>Multiplier</source>
      <translation>倍率</translation>
    </message>
    <message>
      <source>Last reading (kWh)</source>
      <translation>最近读数 (kWh)</translation>
    </message>
    <message>
      <source>Read at</source>
      <translation>抄表时间</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>{number}: {kwh} read over {port}.</source>
      <translation>{number}：通过 {port} 抄得 {kwh}。</translation>
    </message>
    <message>
      <source>Reading the meter over the serial link...</source>
      <translation>正在通过串口抄表...</translation>
    </message>
    <message>
      <source>as the display shows it</source>
      <translation>按电表显示输入</translation>
    </message>
    <message>
      <source>Audit log</source>
      <translation>审计日志</translation>
    </message>
    <message>
      <source>Searching the log...</source>
      <translation>正在查询日志……</translation>
    </message>
    <message>
      <source>Search [Enter]</source>
      <translation>查询 [Enter]</translation>
    </message>
    <message>
      <source>Verify the chain</source>
      <translation>校验哈希链</translation>
    </message>
    <message>
      <source>Operator (login)</source>
      <translation>操作员（登录名）</translation>
    </message>
    <message>
      <source>Action (a prefix ends in *)</source>
      <translation>操作（前缀以 * 结尾）</translation>
    </message>
    <message>
      <source>Object (customer, shift, tariff...)</source>
      <translation>对象（customer、shift、tariff……）</translation>
    </message>
    <message>
      <source>Object id</source>
      <translation>对象编号</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>From (yyyy-mm-dd, optional)</source>
      <translation>起始日期（yyyy-mm-dd，可空）</translation>
    </message>
    <message>
      <source>To (yyyy-mm-dd, optional)</source>
      <translation>截止日期（yyyy-mm-dd，可空）</translation>
    </message>
    <message>
      <source>From</source>
      <translation>起</translation>
    </message>
    <message>
      <source>To</source>
      <translation>止</translation>
    </message>
    <message>
      <source>Audit chain intact: {n} events verified.</source>
      <translation>审计哈希链完整：已校验{n}条事件。</translation>
    </message>
    <message>
      <source>Audit chain BROKEN at event {at}: {reason} ({n} events verified before it).</source>
      <translation>审计哈希链在第{at}条事件处断裂：{reason}（之前已校验{n}条）。</translation>
    </message>
    <message>
      <source>any</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>ok</source>
      <translation>成功</translation>
    </message>
    <message>
      <source>denied</source>
      <translation>拒绝</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>Request a reversal</source>
      <translation>申请冲正</translation>
    </message>
    <message>
      <source>Request</source>
      <translation>申请</translation>
    </message>
    <message>
      <source>Request adjustment energy</source>
      <translation>申请补电</translation>
    </message>
    <message>
      <source>Request a flat-price quota</source>
      <translation>申请定价电量</translation>
    </message>
    <message>
      <source>Sales detail</source>
      <translation>售电明细</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>查询</translation>
    </message>
    <message>
      <source>Approvals</source>
      <translation>审批</translation>
    </message>
    <message>
      <source>Approve [Ctrl+Enter]</source>
      <translation>批准 [Ctrl+Enter]</translation>
    </message>
    <message>
      <source>Reject [Ctrl+Delete]</source>
      <translation>驳回 [Ctrl+Delete]</translation>
    </message>
    <message>
      <source>Receipt number</source>
      <translation>发票号</translation>
    </message>
    <message>
      <source>Reversal {id} requested: an administrator must approve it.</source>
      <translation>已申请冲正{id}：需管理员审批。</translation>
    </message>
    <message>
      <source>Adjustment {id} requested: an administrator must approve it; the seller then writes it to the customer's card.</source>
      <translation>已申请补电{id}：需管理员审批，之后由售电员写入用户卡。</translation>
    </message>
    <message>
      <source>kWh per month</source>
      <translation>每月电量（kWh）</translation>
    </message>
    <message>
      <source>Price (yuan/kWh)</source>
      <translation>单价（元/kWh）</translation>
    </message>
    <message>
      <source>Valid from</source>
      <translation>生效日期</translation>
    </message>
    <message>
      <source>Flat-price quota {id} requested: an administrator must approve it.</source>
      <translation>已申请定价电量{id}：需管理员审批。</translation>
    </message>
    <message>
      <source>Reprint invoice</source>
      <translation>补打发票</translation>
    </message>
    <message>
      <source>Reprint (marked COPY)</source>
      <translation>补打（标注“副本”）</translation>
    </message>
    <message>
      <source>Reprinting {receipt} as a copy...</source>
      <translation>正在补打{receipt}（副本）……</translation>
    </message>
    <message>
      <source>Dekad (1-3, empty: the month)</source>
      <translation>旬（1-3，空：整月）</translation>
    </message>
    <message>
      <source>Team (optional)</source>
      <translation>班组（可选）</translation>
    </message>
    <message>
      <source>Seller (optional)</source>
      <translation>售电员（可选）</translation>
    </message>
    <message>
      <source>Build [Enter]</source>
      <translation>生成 [Enter]</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>报表</translation>
    </message>
    <message>
      <source>Building the report...</source>
      <translation>正在生成报表……</translation>
    </message>
    <message>
      <source>1 request waits for a decision.</source>
      <translation>1项申请待审批。</translation>
    </message>
    <message>
      <source>{n} requests wait for a decision.</source>
      <translation>{n}项申请待审批。</translation>
    </message>
    <message>
      <source>Select a request first.</source>
      <translation>请先选择一项申请。</translation>
    </message>
    <message>
      <source>{kind} {id} approved.</source>
      <translation>{kind} {id}已批准。</translation>
    </message>
    <message>
      <source>{kind} {id} rejected.</source>
      <translation>{kind} {id}已驳回。</translation>
    </message>
    <message>
      <source>Reprint of {receipt} (marked COPY):</source>
      <translation>补打{receipt}（标注“副本”）：</translation>
    </message>
    <message>
      <source>total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>Preview and print</source>
      <translation>预览并打印</translation>
    </message>
    <message>
      <source>Save PDF</source>
      <translation>保存PDF</translation>
    </message>
    <message>
      <source>Save XLSX</source>
      <translation>保存XLSX</translation>
    </message>
    <message>
      <source>Save CSV</source>
      <translation>保存CSV</translation>
    </message>
    <message>
      <source>Save report</source>
      <translation>保存报表</translation>
    </message>
    <message>
      <source>Saved to {path}.</source>
      <translation>已保存到{path}。</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>报表</translation>
    </message>
    <message>
      <source>Dekad (1-3)</source>
      <translation>旬（1-3）</translation>
    </message>
    <message>
      <source>Shift number (shift report)</source>
      <translation>班次号（班次报表）</translation>
    </message>
    <message>
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Requested by</source>
      <translation>申请人</translation>
    </message>
    <message>
      <source>Dekad</source>
      <translation>旬</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>发票号</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>售电点</translation>
    </message>
    <message>
      <source>Seller</source>
      <translation>售电员</translation>
    </message>
    <message>
      <source>Card kWh</source>
      <translation>卡上电量</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>subtotal</source>
      <translation>小计</translation>
    </message>
    <message>
      <source>None found.</source>
      <translation>未找到。</translation>
    </message>
    <message>
      <source>Shift number</source>
      <translation>班次号</translation>
    </message>
    <message>
      <source>dekad sheet by seller</source>
      <translation>旬报表（按售电员）</translation>
    </message>
    <message>
      <source>dekad sheet by team</source>
      <translation>旬报表（按班组）</translation>
    </message>
    <message>
      <source>month-end assessment</source>
      <translation>月末考核表</translation>
    </message>
    <message>
      <source>shift report (Z)</source>
      <translation>班次报表（Z）</translation>
    </message>
    <message>
      <source>The station stopped in the middle of these. Put each customer's card in the reader: the card settles what it holds.</source>
      <translation>本站在以下操作进行中停止。请将每位客户的卡插入读卡器：由卡上的内容完成结算。</translation>
    </message>
    <message>
      <source>Sale {id}: purchase {seq} to meter {meter} ({name}), {total}</source>
      <translation>售电 {id}：电表 {meter}（{name}）第 {seq} 次购电，{total}</translation>
    </message>
    <message>
      <source>Refund {id}: purchases {first} to {last} of meter {meter} (account {account}), {value}</source>
      <translation>退电 {id}：电表 {meter}（户号 {account}）第 {first} 至 {last} 次购电，{value}</translation>
    </message>
    <message>
      <source>Database upgraded</source>
      <translation>数据库已升级</translation>
    </message>
    <message>
      <source>Waiting for a card</source>
      <translation>等待插卡</translation>
    </message>
    <message>
      <source>The station cannot start</source>
      <translation>售电系统无法启动</translation>
    </message>
    <message>
      <source>Change of owner</source>
      <translation>过户</translation>
    </message>
    <message>
      <source>Change owner</source>
      <translation>过户</translation>
    </message>
    <message>
      <source>Change of category</source>
      <translation>变更用户类型</translation>
    </message>
    <message>
      <source>Change category</source>
      <translation>变更类型</translation>
    </message>
    <message>
      <source>Change of supply team</source>
      <translation>变更供电队</translation>
    </message>
    <message>
      <source>Change team</source>
      <translation>变更供电队</translation>
    </message>
    <message>
      <source>Suspend or reactivate</source>
      <translation>暂停或恢复账户</translation>
    </message>
    <message>
      <source>Unpair one meter</source>
      <translation>拆除一块电表</translation>
    </message>
    <message>
      <source>Unpair and refund</source>
      <translation>拆表并退电</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>变更</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>变更前</translation>
    </message>
    <message>
      <source>After</source>
      <translation>变更后</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>操作员</translation>
    </message>
    <message>
      <source>Edit customer</source>
      <translation>修改用户资料</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>载入</translation>
    </message>
    <message>
      <source>correction</source>
      <translation>更正</translation>
    </message>
    <message>
      <source>Save changes</source>
      <translation>保存修改</translation>
    </message>
    <message>
      <source>New holder</source>
      <translation>新户主</translation>
    </message>
    <message>
      <source>Effective date</source>
      <translation>生效日期</translation>
    </message>
    <message>
      <source>Account {account} is held by {name} from {day}; its meters, balance and purchases stay with it.</source>
      <translation>账户 {account} 自 {day} 起由 {name} 持有；其电表、余额和购电记录保留在该账户。</translation>
    </message>
    <message>
      <source>Sales priced from</source>
      <translation>计价生效日期</translation>
    </message>
    <message>
      <source>Account {account}: sales from {day} are priced as {category}.</source>
      <translation>账户 {account}：自 {day} 起的售电按 {category} 计价。</translation>
    </message>
    <message>
      <source>Account {account} moved to team {team}.</source>
      <translation>账户 {account} 已转至供电队 {team}。</translation>
    </message>
    <message>
      <source>Account {account} reactivated.</source>
      <translation>账户 {account} 已恢复。</translation>
    </message>
    <message>
      <source>From purchase</source>
      <translation>起始购电序号</translation>
    </message>
    <message>
      <source>To purchase</source>
      <translation>截止购电序号</translation>
    </message>
    <message>
      <source>Taking the unapplied purchases off the card...</source>
      <translation>正在从电卡上撤下未写入电表的购电……</translation>
    </message>
    <message>
      <source>change of owner</source>
      <translation>过户</translation>
    </message>
    <message>
      <source>change of category</source>
      <translation>变更用户类型</translation>
    </message>
    <message>
      <source>change of team</source>
      <translation>变更供电队</translation>
    </message>
    <message>
      <source>suspended</source>
      <translation>已暂停</translation>
    </message>
    <message>
      <source>reactivated</source>
      <translation>已恢复</translation>
    </message>
    <message>
      <source>meter unpaired</source>
      <translation>已拆表</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>退电</translation>
    </message>
    <message>
      <source>open</source>
      <translation>在用</translation>
    </message>
    <message>
      <source>closed</source>
      <translation>已销户</translation>
    </message>
    <message>
      <source>Account {account}: {name} ({status}). Correct what is wrong, then Enter.</source>
      <translation>账户 {account}：{name}（{status}）。更正有误之处，然后按回车。</translation>
    </message>
    <message>
      <source>Account {account} corrected; the previous values are kept in its history.</source>
      <translation>账户 {account} 已更正；原资料保留在变更记录中。</translation>
    </message>
    <message>
      <source>leave empty to keep</source>
      <translation>留空则不变</translation>
    </message>
    <message>
      <source>Account {account} suspended: no sales until it is reactivated.</source>
      <translation>账户 {account} 已暂停：恢复之前不能售电。</translation>
    </message>
    <message>
      <source>Suspend: no sales</source>
      <translation>暂停：不能售电</translation>
    </message>
    <message>
      <source>Reactivate</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Meter {meter} unpaired; the account stays open. Pay back {total}.</source>
      <translation>电表 {meter} 已拆除，账户保持开户。应退 {total}。</translation>
    </message>
    <message>
      <source>Diagnostics</source>
      <translation>诊断</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>意外错误</translation>
    </message>
    <message>
      <source>The log is empty.</source>
      <translation>日志为空。</translation>
    </message>
    <message>
      <source>No card exchange since the station started.</source>
      <translation>本站启动以来尚无读卡通信。</translation>
    </message>
    <message>
      <source>Log folder:</source>
      <translation>日志文件夹：</translation>
    </message>
    <message>
      <source>Last lines of the log:</source>
      <translation>日志最后几行：</translation>
    </message>
    <message>
      <source>Last card exchange:</source>
      <translation>最近一次读卡通信：</translation>
    </message>
    <message>
      <source>Set up this station</source>
      <translation>设置本站</translation>
    </message>
    <message>
      <source>This station</source>
      <translation>本站</translation>
    </message>
    <message>
      <source>Station code</source>
      <translation>站号</translation>
    </message>
    <message>
      <source>Station name</source>
      <translation>站名</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>数据库</translation>
    </message>
    <message>
      <source>A local file on this PC (one counter)</source>
      <translation>本机文件（单机）</translation>
    </message>
    <message>
      <source>The office server (PostgreSQL, several counters)</source>
      <translation>营业厅服务器（PostgreSQL，多台售电机）</translation>
    </message>
    <message>
      <source>Test the connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>First administrator</source>
      <translation>首位管理员</translation>
    </message>
    <message>
      <source>Only for an office's first station; a station joining the office server may leave this empty unless it imports keys.</source>
      <translation>仅营业厅第一台站点需要；加入营业厅服务器的站点可留空，除非要导入密钥。</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Password again</source>
      <translation>再次输入密码</translation>
    </message>
    <message>
      <source>Create the office's first vending key</source>
      <translation>创建营业厅的第一把售电密钥</translation>
    </message>
    <message>
      <source>Import the office's keys from their backup file</source>
      <translation>从密钥备份文件导入营业厅密钥</translation>
    </message>
    <message>
      <source>The keys are already in the office database</source>
      <translation>密钥已在营业厅数据库中</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Key passphrase</source>
      <translation>密钥口令</translation>
    </message>
    <message>
      <source>Key backup</source>
      <translation>密钥备份</translation>
    </message>
    <message>
      <source>Connecting…</source>
      <translation>正在连接…</translation>
    </message>
    <message>
      <source>Setting up the station…</source>
      <translation>正在设置本站…</translation>
    </message>
    <message>
      <source>The station cannot open its database</source>
      <translation>本站无法打开数据库</translation>
    </message>
    <message>
      <source>Restore the latest backup</source>
      <translation>恢复最近的备份</translation>
    </message>
    <message>
      <source>Choose a backup file…</source>
      <translation>选择备份文件…</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>重试</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Restoring {file}…</source>
      <translation>正在恢复 {file}…</translation>
    </message>
    <message>
      <source>Counter 1</source>
      <translation>1号柜台</translation>
    </message>
    <message>
      <source>Server</source>
      <translation>服务器</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>端口</translation>
    </message>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
      <source>Latest backup: {file}, made {at}, {rows} rows.</source>
      <translation>最近的备份：{file}，{at} 生成，共 {rows} 行。</translation>
    </message>
    <message>
      <source>No backup was found in {folder}.</source>
      <translation>在 {folder} 中没有找到备份。</translation>
    </message>
    <message>
      <source>The database file itself is sound: do not restore a backup. Put right what the message says, then try again.</source>
      <translation>数据库文件本身完好：请勿恢复备份。请按提示排除问题，然后重试。</translation>
    </message>
    <message>
      <source>Restored {file}: {rows} rows, audit chain intact ({n} events).</source>
      <translation>已恢复 {file}：{rows} 行，审计链完整（{n} 条事件）。</translation>
    </message>
    <message>
      <source>Connected; the office database is set up already.</source>
      <translation>已连接；营业厅数据库已设置好。</translation>
    </message>
    <message>
      <source>Connected; the database is empty and will be set up.</source>
      <translation>已连接；数据库为空，将进行设置。</translation>
    </message>
    <message>
      <source>Operator's manual</source>
      <translation>操作手册</translation>
    </message>
    <message>
      <source>The operator's manual is not installed on this computer.</source>
      <translation>本电脑上没有安装操作手册。</translation>
    </message>
    <message>
      <source>An unexpected error occurred ({detail}); it was written to the log ({path}). Check the sale history before trying again.</source>
      <translation>发生意外错误（{detail}），已写入日志（{path}）。请先查看售电记录，再重试。</translation>
    </message>
    <message>
      <source>¥{amount}</source>
      <translation>¥{amount}</translation>
    </message>
    <message>
      <source>{kwh} kWh</source>
      <translation>{kwh} kWh</translation>
    </message>
    <message>
      <source>Energy</source>
      <translation>电量</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>单价</translation>
    </message>
    <message>
      <source>Cash tendered</source>
      <translation>实收现金</translation>
    </message>
    <message>
      <source>Threshold</source>
      <translation>报警阈值</translation>
    </message>
    <message>
      <source>Remaining energy</source>
      <translation>剩余电量</translation>
    </message>
    <message>
      <source>Opening float</source>
      <translation>备用金</translation>
    </message>
    <message>
      <source>Counted cash</source>
      <translation>清点现金</translation>
    </message>
    <message>
      <source>Monthly quota</source>
      <translation>月度额度</translation>
    </message>
    <message>
      <source>Monthly charge</source>
      <translation>月固定费</translation>
    </message>
    <message>
      <source>Master meter reading</source>
      <translation>总表读数</translation>
    </message>
    <message>
      <source>Flat price</source>
      <translation>优惠单价</translation>
    </message>
    <message>
      <source>Credit cap</source>
      <translation>囤积上限</translation>
    </message>
    <message>
      <source>Charge</source>
      <translation>费用</translation>
    </message>
    <message>
      <source>Tier bound</source>
      <translation>阶梯上限</translation>
    </message>
    <message>
      <source>Recovery percent</source>
      <translation>回收比例</translation>
    </message>
    <message>
      <source>Adjustment energy</source>
      <translation>调整电量</translation>
    </message>
    <message>
      <source>The database cannot be reached ({detail}). Check the network or the database server. If it happened while saving, check the sale history before trying again.</source>
      <translation>无法连接数据库（{detail}）。请检查网络或数据库服务器。如果是在保存时发生的，请先查看售电记录，再重试。</translation>
    </message>
    <message>
      <source>single phase</source>
      <translation>单相</translation>
    </message>
    <message>
      <source>three phase</source>
      <translation>三相</translation>
    </message>
    <message>
      <source>three phase with CT</source>
      <translation>三相（经互感器）</translation>
    </message>
    <message>
      <source>awaiting approval</source>
      <translation>待审批</translation>
    </message>
    <message>
      <source>paired</source>
      <translation>已配对</translation>
    </message>
    <message>
      <source>replaced</source>
      <translation>已更换</translation>
    </message>
    <message>
      <source>unpaired</source>
      <translation>已解除</translation>
    </message>
    <message>
      <source>sale</source>
      <translation>售电</translation>
    </message>
    <message>
      <source>adjustment</source>
      <translation>补电</translation>
    </message>
    <message>
      <source>transfer</source>
      <translation>转移</translation>
    </message>
    <message>
      <source>committed</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>pending</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>abandoned</source>
      <translation>已放弃</translation>
    </message>
    <message>
      <source>reversed</source>
      <translation>已冲正</translation>
    </message>
    <message>
      <source>flat-price quota</source>
      <translation>定价电量</translation>
    </message>
    <message>
      <source>reversal</source>
      <translation>冲正</translation>
    </message>
    <message>
      <source>shift</source>
      <translation>班次</translation>
    </message>
    <message>
      <source>active</source>
      <translation>有效</translation>
    </message>
    <message>
      <source>issuing</source>
      <translation>发卡中</translation>
    </message>
    <message>
      <source>administrator</source>
      <translation>管理员</translation>
    </message>
    <message>
      <source>clerk</source>
      <translation>营业员</translation>
    </message>
    <message>
      <source>seller</source>
      <translation>售电员</translation>
    </message>
    <message>
      <source>finance</source>
      <translation>财务</translation>
    </message>
    <message>
      <source>CPU card</source>
      <translation>CPU 卡</translation>
    </message>
    <message>
      <source>SLE4442 memory card</source>
      <translation>SLE4442 存储卡</translation>
    </message>
    <message>
      <source>SLE4428 memory card</source>
      <translation>SLE4428 存储卡</translation>
    </message>
    <message>
      <source>check</source>
      <translation>检查</translation>
    </message>
    <message>
      <source>parameter</source>
      <translation>参数设置</translation>
    </message>
    <message>
      <source>key change</source>
      <translation>密钥更换</translation>
    </message>
    <message>
      <source>notice</source>
      <translation>通知</translation>
    </message>
    <message>
      <source>question</source>
      <translation>询问</translation>
    </message>
    <message>
      <source>reply</source>
      <translation>回复</translation>
    </message>
    <message>
      <source>signed in</source>
      <translation>已登录</translation>
    </message>
    <message>
      <source>signed out</source>
      <translation>已退出</translation>
    </message>
    <message>
      <source>offline</source>
      <translation>离线</translation>
    </message>
    <message>
      <source>refunded</source>
      <translation>已退电</translation>
    </message>
    <message>
      <source>done</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>open (shift)</source>
      <translation>当班中</translation>
    </message>
    <message>
      <source>closed (shift)</source>
      <translation>已交班</translation>
    </message>
    <message>
      <source>Moving in: import customers</source>
      <translation>建档导入：导入用户</translation>
    </message>
    <message>
      <source>Choose file...</source>
      <translation>选择文件...</translation>
    </message>
    <message>
      <source>Check (dry run)</source>
      <translation>检查（试导入）</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Export customers...</source>
      <translation>导出用户...</translation>
    </message>
    <message>
      <source>Save the sample file...</source>
      <translation>保存样例文件...</translation>
    </message>
    <message>
      <source>Customer file</source>
      <translation>用户文件</translation>
    </message>
    <message>
      <source>Spreadsheets (*.csv *.xlsx)</source>
      <translation>表格文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
      <source>Import the file?</source>
      <translation>导入此文件？</translation>
    </message>
    <message>
      <source>Import {file}: customers to create {customers}, meters {meters} (each waits for its card). All rows go in at once, and an import cannot be taken back.</source>
      <translation>导入{file}：将新建用户 {customers} 户，电表 {meters} 块（每块电表随后需要发卡）。所有行一次全部写入，导入后不能撤销。</translation>
    </message>
    <message>
      <source>Import [Enter]</source>
      <translation>导入 [回车]</translation>
    </message>
    <message>
      <source>Cancel [Esc]</source>
      <translation>取消 [Esc]</translation>
    </message>
    <message>
      <source>Save the sample file</source>
      <translation>保存样例文件</translation>
    </message>
    <message>
      <source>Export customers</source>
      <translation>导出用户</translation>
    </message>
    <message>
      <source>CSV or XLSX file</source>
      <translation>CSV 或 XLSX 文件</translation>
    </message>
    <message>
      <source>Problems in the file</source>
      <translation>文件中的问题</translation>
    </message>
    <message>
      <source>Imports</source>
      <translation>导入记录</translation>
    </message>
    <message>
      <source>Imported meters waiting for their card</source>
      <translation>待发卡的导入电表</translation>
    </message>
    <message>
      <source>Nothing was imported.</source>
      <translation>未导入任何数据。</translation>
    </message>
    <message>
      <source>Import {n} done: issue the cards of its meters (listed below).</source>
      <translation>第 {n} 次导入完成：请为其电表发卡（见下表）。</translation>
    </message>
    <message>
      <source>Sample saved to {path}: fill in one row a meter, then Check.</source>
      <translation>样例已保存到 {path}：每块电表填一行，然后按“检查”。</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>行</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <source>What is wrong</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>How to fix</source>
      <translation>改正方法</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>用户数</translation>
    </message>
    <message>
      <source>Cards to issue</source>
      <translation>待发卡</translation>
    </message>
    <message>
      <source>Old account</source>
      <translation>旧户号</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>户名</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Ready to import: rows {rows}, customers {customers}, meters {meters}.</source>
      <translation>可以导入：行数 {rows}，用户 {customers}，电表 {meters}。</translation>
    </message>
    <message>
      <source>Problems found: {n}. Nothing can be imported until they are fixed.</source>
      <translation>发现问题：{n} 处。全部改正之前不能导入。</translation>
    </message>
    <message>
      <source>Rows written to {path}: {n}.</source>
      <translation>已写入 {path}：{n} 行。</translation>
    </message>
    <message>
      <source>Invoice {receipt}</source>
      <translation>发票{receipt}</translation>
    </message>
    <message>
      <source>Reprint it under Sales, Reprint invoice ({receipt}).</source>
      <translation>请在“售电—补打发票”中补打（{receipt}）。</translation>
    </message>
    <message>
      <source>The copy is shown in a print preview.</source>
      <translation>副本已在打印预览中显示。</translation>
    </message>
    <message>
      <source>Invoice: {what}</source>
      <translation>发票：{what}</translation>
    </message>
    <message>
      <source>No invoice printer is set for this station (parameter printer.invoice): nothing was printed.</source>
      <translation>本站未设置发票打印机（参数 printer.invoice）：未打印任何内容。</translation>
    </message>
    <message>
      <source>Vending station {station}: sign in</source>
      <translation>售电站{station}：登录</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Type your operator name and password.</source>
      <translation>请输入操作员登录名和密码。</translation>
    </message>
    <message>
      <source>Prepaid electricity vending station</source>
      <translation>预付费售电系统</translation>
    </message>
    <message>
      <source>Vending station for prepaid electricity.</source>
      <translation>预付费售电系统。</translation>
    </message>
    <message>
      <source>Station {code}.</source>
      <translation>售电站{code}。</translation>
    </message>
    <message>
      <source>Version {version}.</source>
      <translation>软件版本{version}。</translation>
    </message>
    <message>
      <source>Vending station {station} — {name}</source>
      <translation>售电站{station} — {name}</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Operator</source>
      <translation>操作员(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Sign out</source>
      <translation>注销(&amp;S)</translation>
    </message>
    <message>
      <source>card in</source>
      <translation>卡已插入</translation>
    </message>
    <message>
      <source>station {code}</source>
      <translation>售电站{code}</translation>
    </message>
    <message>
      <source>no card</source>
      <translation>无卡</translation>
    </message>
    <message>
      <source>About</source>
      <translation>关于</translation>
    </message>
    <message>
      <source>Database schema {revision} (current).</source>
      <translation>数据库结构版本{revision}（最新）。</translation>
    </message>
    <message>
      <source>A card is in the reader: press F2 to read it.</source>
      <translation>读卡器中有卡：按 F2 读卡。</translation>
    </message>
    <message>
      <source>reader ready</source>
      <translation>读卡器就绪</translation>
    </message>
    <message>
      <source>no card reader</source>
      <translation>无读卡器</translation>
    </message>
    <message>
      <source>keys unlocked</source>
      <translation>密钥已解锁</translation>
    </message>
    <message>
      <source>keys locked (F9)</source>
      <translation>密钥未解锁（F9）</translation>
    </message>
    <message>
      <source>no shift open (F7)</source>
      <translation>未开班（F7）</translation>
    </message>
    <message>
      <source>no shift needed</source>
      <translation>无需开班</translation>
    </message>
    <message>
      <source>The database's schema cannot be read: {detail}</source>
      <translation>无法读取数据库结构版本：{detail}</translation>
    </message>
    <message>
      <source>Database schema {revision}; this version's is {head}.</source>
      <translation>数据库结构版本{revision}；本软件版本对应{head}。</translation>
    </message>
    <message>
      <source>shift {id} waits for approval</source>
      <translation>班次{id}待审批</translation>
    </message>
    <message>
      <source>shift {id} open</source>
      <translation>班次{id}已开班</translation>
    </message>
    <message>
      <source>A new station message has arrived (Ctrl+M).</source>
      <translation>收到新的站点消息（Ctrl+M）。</translation>
    </message>
    <message>
      <source>Scheduled backup written: {file}</source>
      <translation>定时备份已写入：{file}</translation>
    </message>
    <message>
      <source>The scheduled backup failed: {error}</source>
      <translation>定时备份失败：{error}</translation>
    </message>
    <message>
      <source>1 new message (Ctrl+M)</source>
      <translation>1 条新消息（Ctrl+M）</translation>
    </message>
    <message>
      <source>{n} new messages (Ctrl+M)</source>
      <translation>{n} 条新消息（Ctrl+M）</translation>
    </message>
    <message>
      <source>Business monitoring</source>
      <translation>业务监视</translation>
    </message>
    <message>
      <source>Station messages</source>
      <translation>站间消息</translation>
    </message>
    <message>
      <source>Question</source>
      <translation>询问</translation>
    </message>
    <message>
      <source>Send (Ctrl+Enter)</source>
      <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
      <source>Reply (Ctrl+R)</source>
      <translation>回复（Ctrl+R）</translation>
    </message>
    <message>
      <source>Subject</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Database safety</source>
      <translation>数据库安全</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <source>Check integrity</source>
      <translation>检查完整性</translation>
    </message>
    <message>
      <source>Compact</source>
      <translation>压缩</translation>
    </message>
    <message>
      <source>{online} of {stations} stations online; today {n} sales, {amount} yuan. Updated {at}.</source>
      <translation>{stations} 个站点中 {online} 个在线；今日售电 {n} 笔，{amount} 元。更新于 {at}。</translation>
    </message>
    <message>
      <source>Notice to every station</source>
      <translation>通知所有站点</translation>
    </message>
    <message>
      <source>Every station</source>
      <translation>所有站点</translation>
    </message>
    <message>
      <source>read at {station} by {login}, {at}</source>
      <translation>{station} 的 {login} 于 {at} 已读</translation>
    </message>
    <message>
      <source>Choose the message to answer first.</source>
      <translation>请先选择要回复的消息。</translation>
    </message>
    <message>
      <source>Message sent.</source>
      <translation>消息已发送。</translation>
    </message>
    <message>
      <source>Database backups go to {db}; the wrapped vending keys to {keys}.</source>
      <translation>数据库备份存放在 {db}；加密的售电密钥存放在 {keys}。</translation>
    </message>
    <message>
      <source>Backup written: {file} ({rows} rows).</source>
      <translation>备份已写入：{file}（{rows} 行）。</translation>
    </message>
    <message>
      <source>Backing up…</source>
      <translation>正在备份…</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <source>Compacting…</source>
      <translation>正在压缩…</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <source>Signed in</source>
      <translation>当前操作员</translation>
    </message>
    <message>
      <source>Activity</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Shift of</source>
      <translation>班次操作员</translation>
    </message>
    <message>
      <source>Shift opened</source>
      <translation>开班时间</translation>
    </message>
    <message>
      <source>Sales today</source>
      <translation>今日笔数</translation>
    </message>
    <message>
      <source>Amount today</source>
      <translation>今日金额</translation>
    </message>
    <message>
      <source>kWh today</source>
      <translation>今日电量</translation>
    </message>
    <message>
      <source>Last sale</source>
      <translation>最后售电</translation>
    </message>
    <message>
      <source>Computer</source>
      <translation>计算机</translation>
    </message>
    <message>
      <source>From station</source>
      <translation>来自站点</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>发送时间</translation>
    </message>
    <message>
      <source>Read here</source>
      <translation>本站已读</translation>
    </message>
    <message>
      <source>Read by</source>
      <translation>已读站点</translation>
    </message>
    <message>
      <source>Made</source>
      <translation>生成时间</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>行数</translation>
    </message>
    <message>
      <source>Bytes</source>
      <translation>字节</translation>
    </message>
    <message>
      <source>The database is sound: {checks}.</source>
      <translation>数据库完好：{checks}。</translation>
    </message>
    <message>
      <source>Compacted: {before} → {after} bytes.</source>
      <translation>已压缩：{before} → {after} 字节。</translation>
    </message>
    <message>
      <source>Compacted.</source>
      <translation>已压缩。</translation>
    </message>
    <message>
      <source>not read yet</source>
      <translation>尚未阅读</translation>
    </message>
    <message>
      <source>1 problem found: {problems}. Restore the latest good backup or call for support.</source>
      <translation>发现 1 个问题：{problems}。请恢复最近的完好备份，或联系技术支持。</translation>
    </message>
    <message>
      <source>{n} problems found: {problems}. Restore the latest good backup or call for support.</source>
      <translation>发现 {n} 个问题：{problems}。请恢复最近的完好备份，或联系技术支持。</translation>
    </message>
    <message>
      <source>&amp;Accounts</source>
      <translation>开户管理(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Query</source>
      <translation>查询(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Maintenance</source>
      <translation>维护(&amp;M)</translation>
    </message>
    <message>
      <source>&amp;Sales</source>
      <translation>售电(&amp;S)</translation>
    </message>
    <message>
      <source>S&amp;ettings</source>
      <translation>设置(&amp;E)</translation>
    </message>
    <message>
      <source>System &amp;parameters</source>
      <translation>系统参数(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Business</source>
      <translation>业务(&amp;B)</translation>
    </message>
    <message>
      <source>Au&amp;xiliary</source>
      <translation>辅助(&amp;X)</translation>
    </message>
    <message>
      <source>Sale</source>
      <translation>售电</translation>
    </message>
    <message>
      <source>Refund on demand</source>
      <translation>退电</translation>
    </message>
    <message>
      <source>Tariffs</source>
      <translation>电价</translation>
    </message>
    <message>
      <source>My shift</source>
      <translation>我的班次</translation>
    </message>
    <message>
      <source>Customer statement</source>
      <translation>客户对账单</translation>
    </message>
    <message>
      <source>Sales search</source>
      <translation>售电查询</translation>
    </message>
    <message>
      <source>Daily report</source>
      <translation>日报表</translation>
    </message>
    <message>
      <source>Low-balance call list</source>
      <translation>低余额电话通知单</translation>
    </message>
    <message>
      <source>Try a tariff on a customer</source>
      <translation>电价试算</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>查询</translation>
    </message>
    <message>
      <source>{customer}: tariff {tariff} from {start}, priced as of {on}, after {kwh} kWh bought this billing year.</source>
      <translation>{customer}：电价 {tariff}（{start} 起），按 {on} 计价，本计费年度已购 {kwh} kWh。</translation>
    </message>
    <message>
      <source>Price it</source>
      <translation>试算</translation>
    </message>
    <message>
      <source>Building the statement...</source>
      <translation>正在生成对账单……</translation>
    </message>
    <message>
      <source>Estimating the balances...</source>
      <translation>正在估算余额……</translation>
    </message>
    <message>
      <source>Customer (account or name)</source>
      <translation>用户（户号或户名）</translation>
    </message>
    <message>
      <source>Tariff (empty: the customer's)</source>
      <translation>电价（空：用户本身的电价）</translation>
    </message>
    <message>
      <source>Version from (yyyy-mm-dd, empty: the newest)</source>
      <translation>版本生效日（yyyy-mm-dd，空：最新版本）</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Runs out within (days)</source>
      <translation>预计几天内用完（天）</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>tier {n}</source>
      <translation>第{n}档</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>天数</translation>
    </message>
    <message>
      <source>monthly charge</source>
      <translation>月固定费</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <source>Print...</source>
      <translation>打印...</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Only the first page is drawn yet: the rest is being drawn and comes in by itself; print when it has.</source>
      <translation>目前只绘制了第一页：其余页面正在绘制，完成后会自动显示；请在全部显示后再打印。</translation>
    </message>
    <message>
      <source>Page {page} of {pages}</source>
      <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
      <source>Zoom</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>Purchases {first}-{last} ({kwh}) taken off the card of meter {meter}. Pay back {paid}.</source>
      <translation>已从电表 {meter} 的电卡上撤下第 {first}-{last} 次购电（{kwh}）。应退 {paid}。</translation>
    </message>
    <message>
      <source>Settled: {line}</source>
      <translation>已处理：{line}</translation>
    </message>
    <message>
      <source>purchase {seq} (receipt {receipt})</source>
      <translation>第 {seq} 次购电（发票号 {receipt}）</translation>
    </message>
    <message>
      <source>purchases {first} to {last} (receipts {receipts})</source>
      <translation>第 {first} 至 {last} 次购电（发票号 {receipts}）</translation>
    </message>
    <message>
      <source>Refund to confirm for {name} (account {account}), meter {meter}:</source>
      <translation>待确认的退电：{name}（户号 {account}），电表 {meter}：</translation>
    </message>
    <message>
      <source>take {which} off the card: {kwh}, worth {gross}.</source>
      <translation>从电卡上撤下{which}：{kwh}，折合 {gross}。</translation>
    </message>
    <message>
      <source>Pay back {paid}.</source>
      <translation>应退 {paid}。</translation>
    </message>
    <message>
      <source>Enter: confirm the refund. Esc: cancel, nothing changes.</source>
      <translation>回车：确认退电。Esc：取消，不做任何改动。</translation>
    </message>
    <message>
      <source>Purchase {seq} ({kwh}) taken off the card of meter {meter}. Pay back {paid}.</source>
      <translation>已从电表 {meter} 的电卡上撤下第 {seq} 次购电（{kwh}）。应退 {paid}。</translation>
    </message>
    <message>
      <source>Purchase</source>
      <translation>购电</translation>
    </message>
    <message>
      <source>Outstanding charges kept from it: {charges}.</source>
      <translation>从中扣除欠费：{charges}。</translation>
    </message>
    <message>
      <source>Show the refund [Enter]</source>
      <translation>查看退电 [回车]</translation>
    </message>
    <message>
      <source>Card of {name} (account {account}), meter {meter}. Type the reason and press Enter to see what would be taken back and paid.</source>
      <translation>{name}（户号{account}）的电卡，电表{meter}。输入原因后按回车，先查看将收回的购电和应退金额。</translation>
    </message>
    <message>
      <source>Reading the card...</source>
      <translation>正在读卡……</translation>
    </message>
    <message>
      <source>Confirm refund, pay back {paid} [Enter]</source>
      <translation>确认退电，退还 {paid} [回车]</translation>
    </message>
    <message>
      <source>Refund cancelled: nothing was taken off the card or paid.</source>
      <translation>退电已取消：电卡未作改动，未退款。</translation>
    </message>
    <message>
      <source>Card taken out: nothing was refunded.</source>
      <translation>电卡已取出：未退电。</translation>
    </message>
    <message>
      <source>{seq} (reused after the refund of {receipt})</source>
      <translation>{seq}（{receipt} 退电后重用）</translation>
    </message>
    <message>
      <source>A refund or a reversal gives the meter's purchase numbers back: the meter takes only the number after the last one it applied, so this purchase has the number of the undone one.</source>
      <translation>退电或冲正会退回电表的购电序号：电表只接受其最后写入序号的下一个序号，因此本次购电沿用了被撤销那笔购电的序号。</translation>
    </message>
    <message>
      <source>old write-back</source>
      <translation>旧的返写</translation>
    </message>
    <message>
      <source>unknown purchase</source>
      <translation>未知的购电序号</translation>
    </message>
    <message>
      <source>forged write-back</source>
      <translation>伪造的返写</translation>
    </message>
    <message>
      <source>damaged record</source>
      <translation>购电记录损坏</translation>
    </message>
    <message>
      <source>replaced card</source>
      <translation>已作废的卡</translation>
    </message>
    <message>
      <source>purchase not applied</source>
      <translation>购电未写入电表</translation>
    </message>
    <message>
      <source>tamper event</source>
      <translation>窃电事件</translation>
    </message>
    <message>
      <source>{seq} (reused after the reversal of {receipt})</source>
      <translation>{seq}（{receipt} 冲正后重用）</translation>
    </message>
    <message>
      <source>account {status}, meter {meter}</source>
      <translation>用户{status}，电表{meter}</translation>
    </message>
    <message>
      <source>Customer and meter</source>
      <translation>用户与电表</translation>
    </message>
    <message>
      <source>kWh [F5]</source>
      <translation>按电量 [F5]</translation>
    </message>
    <message>
      <source>yuan [F6]</source>
      <translation>按金额 [F6]</translation>
    </message>
    <message>
      <source>Buy by</source>
      <translation>购电方式</translation>
    </message>
    <message>
      <source>Cash tendered (yuan)</source>
      <translation>实收现金（元）</translation>
    </message>
    <message>
      <source>Sell [Enter]</source>
      <translation>售电 [Enter]</translation>
    </message>
    <message>
      <source>TOTAL</source>
      <translation>应收</translation>
    </message>
    <message>
      <source>CHANGE</source>
      <translation>找零</translation>
    </message>
    <message>
      <source>Energy (kWh)</source>
      <translation>电量（kWh）</translation>
    </message>
    <message>
      <source>kWh to buy</source>
      <translation>购电量（kWh）</translation>
    </message>
    <message>
      <source>money to spend</source>
      <translation>购电金额</translation>
    </message>
    <message>
      <source>{hint} (a sale is at least {minimum})</source>
      <translation>{hint}（每笔至少 {minimum}）</translation>
    </message>
    <message>
      <source>{serial}, {kind}</source>
      <translation>{serial}，{kind}</translation>
    </message>
    <message>
      <source>{m} (CT {ct}, PT {pt})</source>
      <translation>{m}（CT {ct}，PT {pt}）</translation>
    </message>
    <message>
      <source>Category / team</source>
      <translation>类别/班组</translation>
    </message>
    <message>
      <source>Last write-back</source>
      <translation>上次返写</translation>
    </message>
    <message>
      <source>Purchase history</source>
      <translation>购电记录</translation>
    </message>
    <message>
      <source>cash handed over</source>
      <translation>用户交付现金</translation>
    </message>
    <message>
      <source>a sale from {minimum}</source>
      <translation>每笔至少 {minimum}</translation>
    </message>
    <message>
      <source>Write approved adjustment {id}: {kwh} [F8]</source>
      <translation>写入已批准的补电{id}：{kwh} [F8]</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>暂无</translation>
    </message>
    <message>
      <source>{remaining} left, {cumulative} used, purchase {seq} applied, {when}</source>
      <translation>剩余{remaining}，累计用电{cumulative}，已写入购电{seq}，{when}</translation>
    </message>
    <message>
      <source>The card's purchase record was rewritten from the database.</source>
      <translation>已按数据库重写卡上的购电记录。</translation>
    </message>
    <message>
      <source>Energy {primary}, multiplier {m}</source>
      <translation>电量{primary}，倍率{m}</translation>
    </message>
    <message>
      <source>Card gets {secondary}; carried {cin} -&gt; {cout}</source>
      <translation>卡上写入{secondary}；结转{cin} -&gt; {cout}</translation>
    </message>
    <message>
      <source>flat price {kwh} x {price}</source>
      <translation>定价电量{kwh} x {price}</translation>
    </message>
    <message>
      <source>tier {n}: {kwh} x {price}</source>
      <translation>第{n}档：{kwh} x {price}</translation>
    </message>
    <message>
      <source>recovered: {what}</source>
      <translation>扣回：{what}</translation>
    </message>
    <message>
      <source>The card shows a problem; a sale will be refused.</source>
      <translation>卡存在异常，将拒绝售电。</translation>
    </message>
    <message>
      <source>The card already carries {n} purchases the meter has not applied: the customer must insert it in the meter first. No sale now.</source>
      <translation>卡上已有 {n} 笔电表尚未写入的购电：请客户先将卡插入电表。现在不能售电。</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>Card of {name} read. Selling needs a seller's sign-in.</source>
      <translation>已读取 {name} 的卡。售电需以售电员身份登录。</translation>
    </message>
    <message>
      <source>Card of {name} read. Type kWh or an amount, then Enter.</source>
      <translation>已读取{name}的卡。请输入电量或金额，然后按Enter。</translation>
    </message>
    <message>
      <source>Insert the customer's card.</source>
      <translation>请插入用户卡。</translation>
    </message>
    <message>
      <source>Sold: receipt {receipt}, {kwh} for {total}; change {change}. This purchase puts {secondary} on the card. Take the card out for the next customer.</source>
      <translation>售电成功：发票{receipt}，{kwh}，金额{total}；找零{change}。本次购电在卡上写入{secondary}。请取出卡，接待下一位用户。</translation>
    </message>
    <message>
      <source>Shift {id} is open. Type kWh or an amount, then Enter.</source>
      <translation>班次 {id} 已开。请输入电量或金额，然后按回车。</translation>
    </message>
    <message>
      <source>Type the kWh or the amount to sell.</source>
      <translation>请输入购电量或金额。</translation>
    </message>
    <message>
      <source>Writing the card... keep the card in the reader.</source>
      <translation>正在写卡……请勿拔卡。</translation>
    </message>
    <message>
      <source>Type the cash tendered, then Enter.</source>
      <translation>请输入实收现金，再按回车。</translation>
    </message>
    <message>
      <source>Writing the adjustment to the card...</source>
      <translation>正在将补电写入卡……</translation>
    </message>
    <message>
      <source>Nothing is charged until the card holds the purchase.</source>
      <translation>卡上写入购电之前不收费。</translation>
    </message>
    <message>
      <source>short by {amount}</source>
      <translation>还差{amount}</translation>
    </message>
    <message>
      <source>Card taken out. Insert the next customer's card.</source>
      <translation>卡已取出。请插入下一位用户的卡。</translation>
    </message>
    <message>
      <source>The cash tendered is short by {amount}: take more cash or sell less.</source>
      <translation>实收现金还差{amount}：请补足现金或减少购电量。</translation>
    </message>
    <message>
      <source>Drawing the first page...</source>
      <translation>正在绘制第一页...</translation>
    </message>
    <message>
      <source>Drawing the PDF...</source>
      <translation>正在生成 PDF...</translation>
    </message>
    <message>
      <source>Do it</source>
      <translation>执行</translation>
    </message>
    <message>
      <source>status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>opened</source>
      <translation>开班时间</translation>
    </message>
    <message>
      <source>opening float</source>
      <translation>备用金</translation>
    </message>
    <message>
      <source>sales</source>
      <translation>售电笔数</translation>
    </message>
    <message>
      <source>kWh sold</source>
      <translation>售电量</translation>
    </message>
    <message>
      <source>sales amount</source>
      <translation>售电金额</translation>
    </message>
    <message>
      <source>reversals</source>
      <translation>冲正笔数</translation>
    </message>
    <message>
      <source>reversed amount</source>
      <translation>冲正金额</translation>
    </message>
    <message>
      <source>refunds</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>cash in</source>
      <translation>现金存入</translation>
    </message>
    <message>
      <source>cash out</source>
      <translation>现金取出</translation>
    </message>
    <message>
      <source>expected cash</source>
      <translation>应有现金</translation>
    </message>
    <message>
      <source>counted cash</source>
      <translation>实点现金</translation>
    </message>
    <message>
      <source>difference</source>
      <translation>差额</translation>
    </message>
    <message>
      <source>note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Opening float / counted cash (yuan)</source>
      <translation>备用金/实点现金（元）</translation>
    </message>
    <message>
      <source>Note (explains a difference)</source>
      <translation>备注（说明差额）</translation>
    </message>
    <message>
      <source>Shift {id} open with a float of {amount}.</source>
      <translation>班次{id}已开班，备用金{amount}。</translation>
    </message>
    <message>
      <source>Shift {id} closed: expected {expected}, counted {counted}, difference {difference}.</source>
      <translation>班次{id}已结班：应有{expected}，实点{counted}，差额{difference}。</translation>
    </message>
    <message>
      <source>Z report, shift {id}</source>
      <translation>Z报表，班次{id}</translation>
    </message>
    <message>
      <source>X report</source>
      <translation>X报表</translation>
    </message>
    <message>
      <source>Shift {id} counted: expected {expected}, counted {counted}, difference {difference}. The close waits for an administrator's approval: the difference is over the limit or has no note.</source>
      <translation>班次{id}已点钞：应有{expected}，实点{counted}，差额{difference}。结班待管理员审批：差额超过限额或未填写说明。</translation>
    </message>
    <message>
      <source>The Z report could not be shown: {error}</source>
      <translation>无法显示Z报表：{error}</translation>
    </message>
    <message>
      <source>Shift {id} is counted and its close waits for an administrator's approval: no sales and no new shift until then (X report: its figures).</source>
      <translation>班次{id}已点钞，结班待管理员审批：审批前不能售电，也不能开新班（X报表：查看其数字）。</translation>
    </message>
    <message>
      <source>Shift {id} is open: count the cash, type it and press Enter to close the shift (X report: the figures so far).</source>
      <translation>班次{id}已开班：清点现金，输入金额后按回车结班（X报表：查看目前的数字）。</translation>
    </message>
    <message>
      <source>No shift is open: type the opening float and press Enter.</source>
      <translation>尚未开班：输入备用金后按回车开班。</translation>
    </message>
    <message>
      <source>open a shift</source>
      <translation>开班</translation>
    </message>
    <message>
      <source>X report (figures so far)</source>
      <translation>X报表（截至目前）</translation>
    </message>
    <message>
      <source>close: count the cash</source>
      <translation>结班：清点现金</translation>
    </message>
    <message>
      <source>blind count: the expected cash shows after you count and close.</source>
      <translation>盲点：点钞结班后才显示应有现金。</translation>
    </message>
    <message>
      <source>Vending station {station}: starting</source>
      <translation>售电站{station}：正在启动</translation>
    </message>
    <message>
      <source>Opening the database…</source>
      <translation>正在打开数据库…</translation>
    </message>
    <message>
      <source>Vending station {station}</source>
      <translation>售电站{station}</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>no</source>
      <translation>否</translation>
    </message>
    <message>
      <source>Add a tier [Alt+Ins]</source>
      <translation>添加一档 [Alt+Ins]</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Add version</source>
      <translation>添加版本</translation>
    </message>
    <message>
      <source>Tiers</source>
      <translation>阶梯</translation>
    </message>
    <message>
      <source>Up to (kWh)</source>
      <translation>上限（kWh）</translation>
    </message>
    <message>
      <source>Price per kWh (yuan)</source>
      <translation>单价（元/kWh）</translation>
    </message>
    <message>
      <source>yuan per kWh</source>
      <translation>元/kWh</translation>
    </message>
    <message>
      <source>Tariff</source>
      <translation>电价</translation>
    </message>
    <message>
      <source>Tariff name</source>
      <translation>电价名称</translation>
    </message>
    <message>
      <source>Tiers (up to kWh: price)</source>
      <translation>阶梯（上限kWh：单价）</translation>
    </message>
    <message>
      <source>Tariff code</source>
      <translation>电价代码</translation>
    </message>
    <message>
      <source>Name (new tariff only)</source>
      <translation>名称（仅新电价）</translation>
    </message>
    <message>
      <source>Effective from</source>
      <translation>生效日期</translation>
    </message>
    <message>
      <source>Tariff {code}: version from {day} added.</source>
      <translation>电价{code}：已添加自{day}起执行的版本。</translation>
    </message>
    <message>
      <source>and above</source>
      <translation>以上</translation>
    </message>
    <message>
      <source>Remove this tier [Alt+Del]</source>
      <translation>删除这一档 [Alt+Del]</translation>
    </message>
    <message>
      <source>A tariff needs at least one price.</source>
      <translation>电价至少要有一档单价。</translation>
    </message>
    <message>
      <source>Tier {n} limit</source>
      <translation>第{n}档上限</translation>
    </message>
    <message>
      <source>Tier {n} price</source>
      <translation>第{n}档单价</translation>
    </message>
    <message>
      <source>Card in the reader: fill in the form and press Enter.</source>
      <translation>卡已插入：请填写表单后按回车。</translation>
    </message>
    <message>
      <source>1 row.</source>
      <translation>共1行。</translation>
    </message>
    <message>
      <source>{n} rows.</source>
      <translation>共{n}行。</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <source>Another virtual card is in the virtual reader (put in from another user's session): take that one out first.</source>
      <translation>虚拟读卡器中已有另一张虚拟卡（由其他用户的会话插入）：请先取出那张卡。</translation>
    </message>
    <message>
      <source>Nothing was restored: to replace the working database, run the restore again with --yes.</source>
      <translation>未恢复任何内容：如要替换正在使用的数据库，请加上 --yes 再次执行恢复。</translation>
    </message>
    <message>
      <source>Restoring {file} (made {made_at} UTC) replaces a working database: {sales} sale(s) and {events} audit event(s) recorded since that backup will be gone from the books (the current file is kept aside).</source>
      <translation>恢复{file}（生成于 UTC {made_at}）将替换正在使用的数据库：该备份之后记录的{sales}笔售电和{events}条审计事件将从账上消失（当前文件会另行保留）。</translation>
    </message>
    <message>
      <source>Enter the account number.</source>
      <translation>请输入户号。</translation>
    </message>
    <message>
      <source>No account {account}.</source>
      <translation>无户号{account}。</translation>
    </message>
    <message>
      <source>Meter {number} is not known here: pair it to an account first.</source>
      <translation>本系统中没有电表{number}：请先将其配对到用户。</translation>
    </message>
    <message>
      <source>Enter what meter {meters} has left before closing.</source>
      <translation>销户前请输入电表{meters}的剩余电量。</translation>
    </message>
    <message>
      <source>Meter {meters} does not belong to account {account}.</source>
      <translation>电表{meters}不属于户号{account}。</translation>
    </message>
    <message>
      <source>A sale to this account is still pending: read the card to settle it before closing.</source>
      <translation>该户有一笔待处理的售电：请先读卡处理后再销户。</translation>
    </message>
    <message>
      <source>Only a meter through transformers has a multiplier above 1.</source>
      <translation>只有经互感器接入的电表倍率才大于1。</translation>
    </message>
    <message>
      <source>Meter {number} is already paired to account {account}.</source>
      <translation>电表{number}已配对到户号{account}。</translation>
    </message>
    <message>
      <source>Recovery percent cannot be above 100.</source>
      <translation>扣回比例不能超过100。</translation>
    </message>
    <message>
      <source>Meter {number} was replaced and cannot be paired again.</source>
      <translation>电表{number}已被换下，不能再次配对。</translation>
    </message>
    <message>
      <source>No supply team {code}.</source>
      <translation>无班组{code}。</translation>
    </message>
    <message>
      <source>No customer category {code}.</source>
      <translation>无用户类别{code}。</translation>
    </message>
    <message>
      <source>ID number {id} already has account {account}.</source>
      <translation>证件号{id}已开户，户号{account}。</translation>
    </message>
    <message>
      <source>Account {account} is closed.</source>
      <translation>户号{account}已销户。</translation>
    </message>
    <message>
      <source>Account {account} is already closed.</source>
      <translation>户号{account}已经销户。</translation>
    </message>
    <message>
      <source>Meter {number} is not paired to an account.</source>
      <translation>电表{number}未配对到用户。</translation>
    </message>
    <message>
      <source>Adjustment {id} is not waiting for a decision.</source>
      <translation>补电{id}不在待审批状态。</translation>
    </message>
    <message>
      <source>An adjustment must be approved by someone other than its requester.</source>
      <translation>补电须由申请人以外的人员审批。</translation>
    </message>
    <message>
      <source>Adjustment {id} is not approved (or was vended already).</source>
      <translation>补电{id}未批准（或已写卡）。</translation>
    </message>
    <message>
      <source>Quota {id} is not waiting for a decision.</source>
      <translation>定价电量{id}不在待审批状态。</translation>
    </message>
    <message>
      <source>{kwh} kWh: {reason}</source>
      <translation>{kwh} kWh：{reason}</translation>
    </message>
    <message>
      <source>{kwh} kWh/month at {price}: {reason}</source>
      <translation>每月{kwh} kWh，单价{price}：{reason}</translation>
    </message>
    <message>
      <source>difference {difference}: {note}</source>
      <translation>差额{difference}：{note}</translation>
    </message>
    <message>
      <source>difference {difference}, no note</source>
      <translation>差额 {difference}，无备注</translation>
    </message>
    <message>
      <source>A counted shift cannot be rejected: approve it with its note.</source>
      <translation>已清点的班次不能驳回：请连同备注一起批准。</translation>
    </message>
    <message>
      <source>There is no {kind} to decide.</source>
      <translation>没有可审批的{kind}。</translation>
    </message>
    <message>
      <source>the meter's report of {when} does not add up: {got} kWh credited and {used} kWh used since the report before should leave {expected} kWh, the meter says {left} kWh</source>
      <translation>{when} 的电表回写对不上：自上次回写以来充值 {got} kWh、用电 {used} kWh，应剩 {expected} kWh，电表显示剩 {left} kWh</translation>
    </message>
    <message>
      <source>1 tamper report from the meter (cover opened or magnet), on {when}</source>
      <translation>电表报告 1 次窃电事件（开盖或强磁），在 {when}</translation>
    </message>
    <message>
      <source>{count} tamper reports from the meter (cover opened or magnet), the last on {when}</source>
      <translation>电表报告 {count} 次窃电事件（开盖或强磁），最近一次在 {when}</translation>
    </message>
    <message>
      <source>1 report of reverse current, on {when}</source>
      <translation>1 次反向电流报告，在 {when}</translation>
    </message>
    <message>
      <source>{count} reports of reverse current, the last on {when}</source>
      <translation>{count} 次反向电流报告，最近一次在 {when}</translation>
    </message>
    <message>
      <source>1 write-back that failed authentication, on {when}</source>
      <translation>1 次回写认证失败，在 {when}</translation>
    </message>
    <message>
      <source>{count} write-backs that failed authentication, the last on {when}</source>
      <translation>{count} 次回写认证失败，最近一次在 {when}</translation>
    </message>
    <message>
      <source>1 sign of a copied or replayed card, on {when}</source>
      <translation>1 次复制卡或重放迹象，在 {when}</translation>
    </message>
    <message>
      <source>{count} signs of a copied or replayed card, the last on {when}</source>
      <translation>{count} 次复制卡或重放迹象，最近一次在 {when}</translation>
    </message>
    <message>
      <source>no purchase for {days} days; before, never more than {own} days between purchases, and most of team {team} buy again within {peers} days</source>
      <translation>已 {days} 天未购电；此前两次购电间隔从未超过 {own} 天，供电所 {team} 的大多数用户在 {peers} 天内会再次购电</translation>
    </message>
    <message>
      <source>bought {now} kWh in the last {days} days against {before} kWh in the same days a year ago ({percent}%); team {team} bought {team_percent}% of theirs</source>
      <translation>最近 {days} 天购电 {now} kWh，去年同期 {before} kWh（{percent}%）；供电所 {team} 为去年同期的 {team_percent}%</translation>
    </message>
    <message>
      <source>The period ends before it starts.</source>
      <translation>截止日期早于起始日期。</translation>
    </message>
    <message>
      <source>'{text}' must be one of {options}.</source>
      <translation>“{text}”必须是以下之一：{options}。</translation>
    </message>
    <message>
      <source>'{text}' is not an audit anchor: copy the 64-character chain head printed on a sheet.</source>
      <translation>“{text}”不是审计锚点：请照抄报表上打印的 64 位审计链头。</translation>
    </message>
    <message>
      <source>Operator {login} is locked after too many wrong passwords until {until} (UTC). Wait, or ask an administrator to unlock.</source>
      <translation>操作员{login}因多次密码错误被锁定至{until}（UTC）。请等待，或请管理员解锁。</translation>
    </message>
    <message>
      <source>A password needs at least {n} characters.</source>
      <translation>密码至少需要{n}个字符。</translation>
    </message>
    <message>
      <source>Login '{login}' must be 2-32 letters, digits, dots, dashes or underscores.</source>
      <translation>登录名“{login}”须为2-32个字母、数字、点、短横线或下划线。</translation>
    </message>
    <message>
      <source>Enter the operator's full name.</source>
      <translation>请输入操作员的全名。</translation>
    </message>
    <message>
      <source>No operator with login {login}.</source>
      <translation>没有登录名为{login}的操作员。</translation>
    </message>
    <message>
      <source>Operators already exist: sign in as an administrator instead.</source>
      <translation>已有操作员：请以管理员身份登录。</translation>
    </message>
    <message>
      <source>The current password is wrong.</source>
      <translation>当前密码错误。</translation>
    </message>
    <message>
      <source>Login {login} is taken.</source>
      <translation>登录名{login}已被使用。</translation>
    </message>
    <message>
      <source>You cannot disable yourself.</source>
      <translation>不能停用自己。</translation>
    </message>
    <message>
      <source>Wrong login or password.</source>
      <translation>登录名或密码错误。</translation>
    </message>
    <message>
      <source>Operator {login} is disabled. Ask an administrator.</source>
      <translation>操作员{login}已停用。请联系管理员。</translation>
    </message>
    <message>
      <source>Choose the operator's new role.</source>
      <translation>请选择操作员的新角色。</translation>
    </message>
    <message>
      <source>{v} must be between {lo} and {hi}.</source>
      <translation>{v}必须在{lo}和{hi}之间。</translation>
    </message>
    <message>
      <source>This is the live card of meter {meter} (account {account}, {customer}): writing over it would leave the customer without a card. Nothing was written: put a blank card in the reader.</source>
      <translation>这是电表{meter}（户号{account}，{customer}）正在使用的卡：覆盖会使该用户无卡可用。未写入任何内容：请在读卡器中放入空白卡。</translation>
    </message>
    <message>
      <source>The card in the reader is not blank and is not one of this office's cards: {problem} Write over it only if it is not in use: confirm to overwrite it.</source>
      <translation>读卡器中的卡不是空白卡，也不是本营业厅的卡：{problem}只有确定该卡已不再使用时才可覆盖：请确认后覆盖。</translation>
    </message>
    <message>
      <source>This card carries {count} purchases that meter {meter} has not applied (account {account}, {customer}): writing over it would lose them. Nothing was written: put a blank card in the reader.</source>
      <translation>这张卡上有{count}笔电表{meter}尚未写入的购电（户号{account}，{customer}）：覆盖会丢失这些购电。未写入任何内容：请在读卡器中放入空白卡。</translation>
    </message>
    <message>
      <source>This card carries a purchase that meter {meter} has not applied (account {account}, {customer}): writing over it would lose it. Nothing was written: put a blank card in the reader.</source>
      <translation>这张卡上有1笔电表{meter}尚未写入的购电（户号{account}，{customer}）：覆盖会丢失这笔购电。未写入任何内容：请在读卡器中放入空白卡。</translation>
    </message>
    <message>
      <source>tamper events reported (flags {flags})</source>
      <translation>电表报告了窃电/开盖事件（标志 {flags}）</translation>
    </message>
    <message>
      <source>reverse current reported</source>
      <translation>电表报告了反向电流</translation>
    </message>
    <message>
      <source>report {counter} is older than report {known} already read: an old copy of the card?</source>
      <translation>回写记录 {counter} 早于已读取的回写记录 {known}：可能是卡的旧副本？</translation>
    </message>
    <message>
      <source>the meter reports purchase {seq}, this office issued only up to {issued}</source>
      <translation>电表报告第 {seq} 次购电，本营业厅只发行到第 {issued} 次</translation>
    </message>
    <message>
      <source>This card was not issued by this office for meter {meter}.</source>
      <translation>此卡不是本营业厅为电表{meter}发行的卡。</translation>
    </message>
    <message>
      <source>This is a {kind} card, not a customer's card: read it under Maintenance, tool cards.</source>
      <translation>这是{kind}卡，不是用户卡：请在“维护—工具卡”中读取。</translation>
    </message>
    <message>
      <source>purchase {seq} had not reached the card: it is written now and committed as receipt {receipt} (¥{total}; collect it if it was not paid)</source>
      <translation>第 {seq} 笔购电未写入卡片：现已写入并确认，票据号 {receipt}（¥{total}；如尚未收款，请收取）</translation>
    </message>
    <message>
      <source>card {serial} (replaced) was presented</source>
      <translation>出示了已被替换的卡 {serial}</translation>
    </message>
    <message>
      <source>This card was replaced by a newer one and no longer works in the meter: ask for the customer's current card.</source>
      <translation>此卡已被新卡取代，在电表上已不可用：请用户出示当前的卡。</translation>
    </message>
    <message>
      <source>This card's meter {meter} is {status}: no sales.</source>
      <translation>此卡对应的电表{meter}状态为{status}：不能售电。</translation>
    </message>
    <message>
      <source>purchase {seq} was on the card: committed as receipt {receipt}</source>
      <translation>第 {seq} 次购电已在卡上：已确认，票据号 {receipt}</translation>
    </message>
    <message>
      <source>purchase {seq} is not settled: this card shows a problem, so nothing was written to it; the customer's current card settles it</source>
      <translation>第 {seq} 笔购电尚未结清：此卡有异常，未向其写入任何内容；请用客户当前使用的卡结清</translation>
    </message>
    <message>
      <source>The card shows a problem: {problems}. The sale is refused; an administrator can review it.</source>
      <translation>卡存在异常：{problems}。拒绝售电；管理员可以复查。</translation>
    </message>
    <message>
      <source>The meter has not applied the last purchase: the customer must insert the card in the meter first.</source>
      <translation>电表尚未写入上次购电：请用户先将卡插入电表。</translation>
    </message>
    <message>
      <source>Meter {n} is not paired to an open account.</source>
      <translation>电表{n}未配对到在用的用户。</translation>
    </message>
    <message>
      <source>Meter {n} already has card {serial}: reissue it if it was lost.</source>
      <translation>电表{n}已有卡{serial}：如遗失请补卡。</translation>
    </message>
    <message>
      <source>Meter {n} has no card to replace: issue a first card.</source>
      <translation>电表{n}没有可补的卡：请先发卡。</translation>
    </message>
    <message>
      <source>the card holds purchase {seq}, this office issued only up to {issued}</source>
      <translation>卡上有第 {seq} 次购电，本营业厅只发行到第 {issued} 次</translation>
    </message>
    <message>
      <source>1 purchase not yet applied at the meter</source>
      <translation>有 1 次购电尚未在电表上生效</translation>
    </message>
    <message>
      <source>{count} purchases not yet applied at the meter</source>
      <translation>有 {count} 次购电尚未在电表上生效</translation>
    </message>
    <message>
      <source>{what} code '{code}' must be 1-16 letters or digits.</source>
      <translation>{what}代码“{code}”须为1-16个字母或数字。</translation>
    </message>
    <message>
      <source>Tiers '{spec}': write each tier as UPTO:PRICE separated by commas, the last as *:PRICE, with decimal points, like 2160:0.5283,*:0.8583.</source>
      <translation>阶梯“{spec}”：每一档写成“上限:单价”，各档之间用英文逗号分隔，最后一档写成“*:单价”，小数用小数点，例如 2160:0.5283,*:0.8583。</translation>
    </message>
    <message>
      <source>A tariff version cannot end before it starts.</source>
      <translation>电价版本的结束日期不能早于开始日期。</translation>
    </message>
    <message>
      <source>Tariff {code} exists already.</source>
      <translation>电价{code}已存在。</translation>
    </message>
    <message>
      <source>No tariff {code}.</source>
      <translation>无电价{code}。</translation>
    </message>
    <message>
      <source>Tariff {code} already has a version from {d}.</source>
      <translation>电价{code}已有自{d}起的版本。</translation>
    </message>
    <message>
      <source>Supply area {code} exists already.</source>
      <translation>片区{code}已存在。</translation>
    </message>
    <message>
      <source>Supply team {code} exists already.</source>
      <translation>班组{code}已存在。</translation>
    </message>
    <message>
      <source>Customer category {code} exists already.</source>
      <translation>用户类别{code}已存在。</translation>
    </message>
    <message>
      <source>Customer category {code} is retired: it takes no new customers.</source>
      <translation>用户类型 {code} 已停用：不再接收新用户。</translation>
    </message>
    <message>
      <source>Tariff {code} of category {category} is retired: it takes no new customers.</source>
      <translation>用户类型 {category} 的电价 {code} 已停用：不再接收新用户。</translation>
    </message>
    <message>
      <source>Supply team {code} is retired: it takes no new customers.</source>
      <translation>供电所 {code} 已停用：不再接收新用户。</translation>
    </message>
    <message>
      <source>Supply area {code} is retired: it takes no new customers.</source>
      <translation>供电区域 {code} 已停用：不再接收新用户。</translation>
    </message>
    <message>
      <source>The {kind} {code} is retired: nothing new can be added to it.</source>
      <translation>{kind} {code} 已停用：不能再在其下新增。</translation>
    </message>
    <message>
      <source>The {kind} {code} is already retired.</source>
      <translation>{kind} {code} 已经停用。</translation>
    </message>
    <message>
      <source>The {kind} {code} is not retired.</source>
      <translation>{kind} {code} 未停用。</translation>
    </message>
    <message>
      <source>The multiplier must be a whole number of at least 1.</source>
      <translation>倍率须为不小于1的整数。</translation>
    </message>
    <message>
      <source>{what} '{text}' is out of range.</source>
      <translation>{what}“{text}”超出范围。</translation>
    </message>
    <message>
      <source>{what} '{text}' must be a whole ratio such as 150/5 or 30.</source>
      <translation>{what}“{text}”须为整数变比，如150/5或30。</translation>
    </message>
    <message>
      <source>Nothing to change: the details are the same.</source>
      <translation>没有需要修改的内容：资料相同。</translation>
    </message>
    <message>
      <source>Account {account} is {status}.</source>
      <translation>账户 {account} 的状态为 {status}。</translation>
    </message>
    <message>
      <source>A sale to meter {n} is still pending: read the card first.</source>
      <translation>电表{n}有一笔待处理的售电：请先读卡。</translation>
    </message>
    <message>
      <source>the meter is still on key version {version}</source>
      <translation>电表仍使用密钥版本 {version}</translation>
    </message>
    <message>
      <source>This is a customer's card: present it at the sale screen.</source>
      <translation>这是用户卡：请在售电界面读取。</translation>
    </message>
    <message>
      <source>Meter {n} is on key version {v}; it can move to a newer existing version (up to {newest}).</source>
      <translation>电表{n}使用密钥版本{v}；只能迁移到已存在的较新版本（最高{newest}）。</translation>
    </message>
    <message>
      <source>registers read (report {counter})</source>
      <translation>已读取电表寄存器（回写记录 {counter}）</translation>
    </message>
    <message>
      <source>threshold {threshold} kWh, credit cap {cap} kWh set</source>
      <translation>已设置报警门限 {threshold} kWh、透支上限 {cap} kWh</translation>
    </message>
    <message>
      <source>the meter moved to key version {version}</source>
      <translation>电表已更新到密钥版本 {version}</translation>
    </message>
    <message>
      <source>The meter on the link is {read}, not {meter}: put the probe on the meter being replaced.</source>
      <translation>串口上的电表是 {read}，不是 {meter}：请把抄表器放在要更换的电表上。</translation>
    </message>
    <message>
      <source>Meter {meter} does not give its remaining energy over the link: type it from the meter's display.</source>
      <translation>电表 {meter} 不通过串口提供剩余电量：请按电表显示输入。</translation>
    </message>
    <message>
      <source>Type the remaining energy the old meter shows, or read it over the meter link.</source>
      <translation>请输入旧表显示的剩余电量，或通过串口抄读。</translation>
    </message>
    <message>
      <source>Meter {n} is {status}: no {kind} card for it.</source>
      <translation>电表{n}状态为{status}：不能为其写{kind}卡。</translation>
    </message>
    <message>
      <source>This tool card was not issued by this office.</source>
      <translation>此工具卡不是本营业厅发行的。</translation>
    </message>
    <message>
      <source>the meter has not reported back on this card yet</source>
      <translation>电表尚未在此卡上回写</translation>
    </message>
    <message>
      <source>The card in the reader is for meter {card}, not {meter}.</source>
      <translation>读卡器中的卡属于电表{card}，不是{meter}。</translation>
    </message>
    <message>
      <source>The card shows a problem: {problems}. Resolve it before replacing the meter.</source>
      <translation>卡存在异常：{problems}。换表前请先处理。</translation>
    </message>
    <message>
      <source>Meter {n} was already replaced.</source>
      <translation>电表{n}已经换过。</translation>
    </message>
    <message>
      <source>The file is empty.</source>
      <translation>文件是空的。</translation>
    </message>
    <message>
      <source>Start from the sample file: a header row, then one row per meter.</source>
      <translation>请以样例文件为准：第一行为表头，之后每块电表一行。</translation>
    </message>
    <message>
      <source>The column {column} is missing.</source>
      <translation>缺少列 {column}。</translation>
    </message>
    <message>
      <source>Add it to the header row, spelled as in the sample file.</source>
      <translation>请在表头行加上此列，拼写与样例文件相同。</translation>
    </message>
    <message>
      <source>Meter {number} is also on row {other}.</source>
      <translation>电表 {number} 在第 {other} 行也出现了。</translation>
    </message>
    <message>
      <source>Keep each meter on one row only.</source>
      <translation>每块电表只能占一行。</translation>
    </message>
    <message>
      <source>There is no supply team {code} here.</source>
      <translation>本所没有供电队 {code}。</translation>
    </message>
    <message>
      <source>There is no customer category {code} here.</source>
      <translation>本所没有用户类型 {code}。</translation>
    </message>
    <message>
      <source>ID number {id} already has account {account} here.</source>
      <translation>证件号 {id} 在本所已有户号 {account}。</translation>
    </message>
    <message>
      <source>Remove this customer's rows (the customer is already here), or correct the ID number.</source>
      <translation>请删去此用户的各行（该用户已在本所建档），或改正证件号。</translation>
    </message>
    <message>
      <source>Meter {number} is already known here.</source>
      <translation>电表 {number} 在本所已有记录。</translation>
    </message>
    <message>
      <source>Remove the row, or correct the meter number; a meter already here is paired at the counter.</source>
      <translation>请删去此行，或改正表号；本所已有的电表请在柜台配表。</translation>
    </message>
    <message>
      <source>Differs from row {first}, which has the same ID number.</source>
      <translation>与证件号相同的第 {first} 行不一致。</translation>
    </message>
    <message>
      <source>Make this customer's rows agree, or correct the ID number.</source>
      <translation>请使此用户的各行一致，或改正证件号。</translation>
    </message>
    <message>
      <source>The customer of row {first} is already in the file.</source>
      <translation>第 {first} 行的用户已在文件中。</translation>
    </message>
    <message>
      <source>Remove this row, or give it a meter of the customer's.</source>
      <translation>请删去此行，或填上该用户的一块电表。</translation>
    </message>
    <message>
      <source>Give the account number the old system used (up to 32 characters).</source>
      <translation>请填写旧系统的户号（最多 32 个字符）。</translation>
    </message>
    <message>
      <source>Type the customer's name as on the ID card.</source>
      <translation>请按证件填写户名。</translation>
    </message>
    <message>
      <source>Type the 18-character resident ID, or the passport or other document number.</source>
      <translation>请填写 18 位身份证号，或护照等证件号码。</translation>
    </message>
    <message>
      <source>Type the phone number in digits only.</source>
      <translation>电话号码只填数字。</translation>
    </message>
    <message>
      <source>Type the premises' address (up to 200 characters).</source>
      <translation>请填写用电地址（最多 200 个字符）。</translation>
    </message>
    <message>
      <source>Use the code of a supply team this office has.</source>
      <translation>请使用本所已有供电队的代码。</translation>
    </message>
    <message>
      <source>Use the code of a customer category this office has.</source>
      <translation>请使用本所已有用户类型的代码。</translation>
    </message>
    <message>
      <source>Type the 12 digits printed on the meter's nameplate, or leave every meter column empty for a customer without a meter.</source>
      <translation>请填写电表铭牌上的 12 位表号；无表用户请把各电表列都留空。</translation>
    </message>
    <message>
      <source>Use single_phase, three_phase or three_phase_ct.</source>
      <translation>请填 single_phase、three_phase 或 three_phase_ct。</translation>
    </message>
    <message>
      <source>Type the CT ratio as 150/5 or 30; 1 for a meter without transformers.</source>
      <translation>CT 变比填 150/5 或 30；不经互感器的电表填 1。</translation>
    </message>
    <message>
      <source>Type the PT ratio as 10000/100 or 100; 1 when there is none.</source>
      <translation>PT 变比填 10000/100 或 100；没有时填 1。</translation>
    </message>
    <message>
      <source>Type the low-balance threshold in primary kWh, or leave it empty for the office's default.</source>
      <translation>报警电量按一次侧 kWh 填写，留空则用本所默认值。</translation>
    </message>
    <message>
      <source>Type the primary kWh the meter still holds (0 if none).</source>
      <translation>请填写电表剩余的一次侧电量 kWh（没有填 0）。</translation>
    </message>
    <message>
      <source>Type the primary kWh bought this billing year (0 if none).</source>
      <translation>请填写本计费年度已购的一次侧电量 kWh（没有填 0）。</translation>
    </message>
    <message>
      <source>Old account number is longer than {n} characters.</source>
      <translation>旧户号超过 {n} 个字符。</translation>
    </message>
    <message>
      <source>Meter type '{text}' is not known.</source>
      <translation>电表类型“{text}”无法识别。</translation>
    </message>
    <message>
      <source>No vending key exists yet: an administrator must create one.</source>
      <translation>尚无售电密钥：需管理员创建。</translation>
    </message>
    <message>
      <source>There is no key backup {path}.</source>
      <translation>没有密钥备份 {path}。</translation>
    </message>
    <message>
      <source>{path} is not a vending key backup.</source>
      <translation>{path} 不是售电密钥备份。</translation>
    </message>
    <message>
      <source>Key version {v} here is a different key from the backup's: this backup is from another office.</source>
      <translation>此处的密钥版本 {v} 与备份中的不同：这份备份来自其他营业厅。</translation>
    </message>
    <message>
      <source>No master meter {number}.</source>
      <translation>没有总表 {number}。</translation>
    </message>
    <message>
      <source>The multiplier (CT x PT) is a whole number from 1 to 100000.</source>
      <translation>倍率（CT×PT）是 1 到 100000 之间的整数。</translation>
    </message>
    <message>
      <source>The meter on the link is {read}, not {meter}.</source>
      <translation>串口上的电表是 {read}，不是 {meter}。</translation>
    </message>
    <message>
      <source>A reading cannot be dated in the future.</source>
      <translation>读数日期不能在将来。</translation>
    </message>
    <message>
      <source>Master meter {number} is already registered.</source>
      <translation>总表 {number} 已登记。</translation>
    </message>
    <message>
      <source>{energy} kWh is lower than the reading of {when} ({previous} kWh): a master meter's register only goes up. Check the figure.</source>
      <translation>{energy} kWh 低于 {when} 的读数（{previous} kWh）：总表表码只增不减，请核对数字。</translation>
    </message>
    <message>
      <source>A message needs a subject of 1-120 characters.</source>
      <translation>消息主题需要 1-120 个字符。</translation>
    </message>
    <message>
      <source>A message needs a text of 1-4000 characters.</source>
      <translation>消息内容需要 1-4000 个字符。</translation>
    </message>
    <message>
      <source>These messages were not sent to this station.</source>
      <translation>这些消息不是发给本站的。</translation>
    </message>
    <message>
      <source>There is no message {id}.</source>
      <translation>没有消息 {id}。</translation>
    </message>
    <message>
      <source>'{value}' is not a number ({what}): type digits and at most one decimal point, like 1234.5.</source>
      <translation>“{value}”不是数字（{what}）：请输入数字，最多一个小数点，例如 1234.5。</translation>
    </message>
    <message>
      <source>{what} must be more than zero, not {value}.</source>
      <translation>{what}必须大于零，而不是{value}。</translation>
    </message>
    <message>
      <source>Enter the {what}.</source>
      <translation>请输入{what}。</translation>
    </message>
    <message>
      <source>{what} is too long for a number: {n} characters, at most {limit}.</source>
      <translation>{what}作为数字太长：共{n}个字符，最多{limit}个。</translation>
    </message>
    <message>
      <source>Type the number without thousands separators: {plain}.</source>
      <translation>请不要输入千位分隔符，应输入：{plain}。</translation>
    </message>
    <message>
      <source>{what} {value} is more than {maximum}.</source>
      <translation>{what} {value}超过上限{maximum}。</translation>
    </message>
    <message>
      <source>{what} has more than {places} decimal places: {value}.</source>
      <translation>{what}的小数位数超过{places}位：{value}。</translation>
    </message>
    <message>
      <source>Problems in the file: {n}. Nothing was imported.</source>
      <translation>文件中有问题：{n} 处。未导入任何数据。</translation>
    </message>
    <message>
      <source>Type the year in full, like 2026: {year} is not one the books can hold.</source>
      <translation>请输入完整年份，例如 2026：{year} 不是账簿可记的年份。</translation>
    </message>
    <message>
      <source>There is no month {month}: a month is 1 to 12.</source>
      <translation>没有 {month} 月：月份为 1 到 12。</translation>
    </message>
    <message>
      <source>A month has dekads 1, 2 and 3: there is no dekad {index}.</source>
      <translation>每月只有第 1、2、3 旬：没有第 {index} 旬。</translation>
    </message>
    <message>
      <source>Energy must be more than zero, not {kwh}.</source>
      <translation>电量必须大于零，而不是{kwh}。</translation>
    </message>
    <message>
      <source>Amount must be more than zero, not {amount}.</source>
      <translation>金额必须大于零，而不是{amount}。</translation>
    </message>
    <message>
      <source>{amount} does not buy any energy: at least {minimum} is needed.</source>
      <translation>{amount}不足以购买电量：至少需要{minimum}。</translation>
    </message>
    <message>
      <source>Meter {number} has no purchase it has not applied: nothing to refund.</source>
      <translation>电表 {number} 没有未写入电表的购电：无可退电量。</translation>
    </message>
    <message>
      <source>Meter {number} is {status}: it cannot be sold to.</source>
      <translation>电表{number}状态为{status}：不能售电。</translation>
    </message>
    <message>
      <source>A sale to this account is still pending: read the card to settle it first.</source>
      <translation>该账户有一笔售电尚未完成：请先读卡处理。</translation>
    </message>
    <message>
      <source>A refund from meter {number} is not settled yet: read the card first.</source>
      <translation>电表 {number} 的退电尚未完成：请先读卡。</translation>
    </message>
    <message>
      <source>The card shows a problem: {problems}. The refund is refused; an administrator can review it.</source>
      <translation>电卡有问题：{problems}。拒绝退电；可由管理员核查。</translation>
    </message>
    <message>
      <source>Open a shift before paying a refund: the money leaves your drawer.</source>
      <translation>退电前请先开班：退款从您的钱箱支出。</translation>
    </message>
    <message>
      <source>refund {id} is completed: pay the customer ¥{paid}</source>
      <translation>退电 {id} 已完成：应付给用户 ¥{paid}</translation>
    </message>
    <message>
      <source>This card is for meter {other}, not {meter}.</source>
      <translation>这张卡属于电表 {other}，不是 {meter}。</translation>
    </message>
    <message>
      <source>What the card would give back changed since it was shown: nothing was taken off the card. Press Enter to see it again.</source>
      <translation>电卡上可退的购电在显示后已有变化：电卡未作改动。请按回车重新查看。</translation>
    </message>
    <message>
      <source>Refund {id} is {status} and cannot be paid.</source>
      <translation>退电 {id} 的状态为 {status}，不能支付。</translation>
    </message>
    <message>
      <source>Refund {id} no longer matches the meter's purchases: an administrator must review it.</source>
      <translation>退电 {id} 与该电表的购电记录不再相符：须由管理员核查。</translation>
    </message>
    <message>
      <source>Refund {id} is {status}, not pending.</source>
      <translation>退电 {id} 的状态为 {status}，不是待处理。</translation>
    </message>
    <message>
      <source>refund {id} is cancelled: the meter had already applied purchase {seq}, so nothing is paid back</source>
      <translation>退电 {id} 已取消：电表已写入第 {seq} 次购电，不退款</translation>
    </message>
    <message>
      <source>refund {id} is not settled: this card shows a problem, so nothing was written to it</source>
      <translation>退电 {id} 未完成：这张卡有问题，未对其写入</translation>
    </message>
    <message>
      <source>refund {id} is rolled back: the card still holds the purchases, so nothing is paid back; ask again to refund them</source>
      <translation>退电 {id} 已撤回：卡上仍有这些购电，不退款；如需退电请重新办理</translation>
    </message>
    <message>
      <source>Receipt {receipt} is not a committed sale.</source>
      <translation>发票{receipt}不是已完成的售电。</translation>
    </message>
    <message>
      <source>You have no shift open.</source>
      <translation>您没有开班。</translation>
    </message>
    <message>
      <source>Receipt {receipt} is not the meter's latest purchase; it cannot be reversed.</source>
      <translation>发票{receipt}不是该电表的最后一笔购电，不能冲正。</translation>
    </message>
    <message>
      <source>The meter has already applied receipt {receipt}: it cannot be reversed. Use a refund.</source>
      <translation>电表已写入发票{receipt}的购电，不能冲正。请办理退费。</translation>
    </message>
    <message>
      <source>No sale with receipt {receipt}.</source>
      <translation>没有发票号为{receipt}的售电。</translation>
    </message>
    <message>
      <source>A reversal of receipt {receipt} was requested already.</source>
      <translation>发票{receipt}已申请过冲正。</translation>
    </message>
    <message>
      <source>Reversal {id} is not waiting for a decision.</source>
      <translation>冲正{id}不在待审批状态。</translation>
    </message>
    <message>
      <source>The backup failed: {error}</source>
      <translation>备份失败：{error}</translation>
    </message>
    <message>
      <source>The backup could not be written to {folder}: {error}. Free some space or choose another folder (backup.folder).</source>
      <translation>备份无法写入 {folder}：{error}。请释放磁盘空间，或选择其他文件夹（backup.folder）。</translation>
    </message>
    <message>
      <source>Account {account} is suspended: no sales until it is reactivated.</source>
      <translation>账户 {account} 已暂停：恢复之前不能售电。</translation>
    </message>
    <message>
      <source>Account {account} is closed: no sales.</source>
      <translation>户号{account}已销户：不能售电。</translation>
    </message>
    <message>
      <source>Open a shift before selling.</source>
      <translation>售电前请先开班。</translation>
    </message>
    <message>
      <source>Meter {number} is held by station {station} (operator {login}) since {since} UTC: it is writing purchase {seq} to the card. Wait until it is done; if that station stopped, put the card in this reader to settle the purchase.</source>
      <translation>电表 {number} 正被站点 {station}（操作员 {login}）占用，自 UTC {since} 起：它正在向卡写入第 {seq} 次购电。请等待其完成；如果该站点已停止，请把卡插入本读卡器以结清这次购电。</translation>
    </message>
    <message>
      <source>Shift {shift} waits for an administrator to approve its cash count: no sales until they do. Then open a new shift with F7.</source>
      <translation>班次 {shift} 的清点结果等待管理员审批：审批之前不能售电。审批后按 F7 开新班次。</translation>
    </message>
    <message>
      <source>Enter either the energy (kWh) or the amount (yuan), not both.</source>
      <translation>请输入电量（kWh）或金额（元），不能同时输入。</translation>
    </message>
    <message>
      <source>The request key must be 8-64 characters.</source>
      <translation>请求编号须为8-64个字符。</translation>
    </message>
    <message>
      <source>The card already carries {n} purchases the meter has not applied: the customer must insert it in the meter first.</source>
      <translation>卡上已有{n}笔电表尚未写入的购电：请用户先将卡插入电表。</translation>
    </message>
    <message>
      <source>Purchase {seq} to meter {number} is not settled yet: read the card first.</source>
      <translation>电表{number}的第{seq}次购电尚未处理：请先读卡。</translation>
    </message>
    <message>
      <source>Cash tendered {tendered} is less than the total {total}.</source>
      <translation>实收{tendered}少于应收{total}。</translation>
    </message>
    <message>
      <source>A sale must be at least {minimum} yuan; this one is {total}.</source>
      <translation>每笔售电至少{minimum}元；本笔为{total}。</translation>
    </message>
    <message>
      <source>A sale may be at most {maximum} yuan; this one is {total}.</source>
      <translation>每笔售电最多{maximum}元；本笔为{total}。</translation>
    </message>
    <message>
      <source>A sale may credit at most {maximum} kWh; this one is {kwh}.</source>
      <translation>每笔售电最多{maximum} kWh；本笔为{kwh}。</translation>
    </message>
    <message>
      <source>Only the meter's latest purchase can be undone.</source>
      <translation>只能撤销电表的最后一笔购电。</translation>
    </message>
    <message>
      <source>This sale is still pending: put the card back so the station can settle it.</source>
      <translation>该笔售电尚待处理：请将卡放回，由系统处理。</translation>
    </message>
    <message>
      <source>This request was {status}; start a new sale.</source>
      <translation>该请求状态为{status}；请重新售电。</translation>
    </message>
    <message>
      <source>Meter {number} may hold at most {cap} kWh; it holds about {held} kWh, so at most {room} kWh can be sold now.</source>
      <translation>电表{number}最多可存{cap} kWh；当前约有{held} kWh，本次最多可售{room} kWh。</translation>
    </message>
    <message>
      <source>This shift may take at most {limit} yuan; {taken} taken so far. Close the shift and hand over the cash first.</source>
      <translation>本班次最多收款{limit}元；已收{taken}元。请先结班交款。</translation>
    </message>
    <message>
      <source>Sale {id} is {status} and cannot be committed.</source>
      <translation>售电{id}状态为{status}，不能提交。</translation>
    </message>
    <message>
      <source>Sale {id} is {status}, not pending.</source>
      <translation>售电{id}状态为{status}，不是待处理。</translation>
    </message>
    <message>
      <source>Say what to look for: a customer, a meter, a receipt or the days.</source>
      <translation>请输入查询条件：用户、表号、票号或日期。</translation>
    </message>
    <message>
      <source>A {role} may not do this ({call}). Ask an operator with that duty.</source>
      <translation>{role}不能执行此操作（{call}）。请找有此职责的操作员。</translation>
    </message>
    <message>
      <source>'{text}' is not yes or no.</source>
      <translation>“{text}”不是“是”或“否”。</translation>
    </message>
    <message>
      <source>'{text}' is not a printer: use preview, system[:NAME], escpos-serial:DEVICE[:BAUD], escpos-net:HOST[:PORT], escpos-usb:VID:PID or none.</source>
      <translation>“{text}”不是有效的打印机：请使用preview、system[:名称]、escpos-serial:设备[:波特率]、escpos-net:主机[:端口]、escpos-usb:VID:PID或none。</translation>
    </message>
    <message>
      <source>There is no station {code}.</source>
      <translation>没有站点 {code}。</translation>
    </message>
    <message>
      <source>There is no system parameter '{key}'.</source>
      <translation>没有系统参数“{key}”。</translation>
    </message>
    <message>
      <source>'{text}' is not a whole number.</source>
      <translation>“{text}”不是整数。</translation>
    </message>
    <message>
      <source>You already have a shift at this station: close it first.</source>
      <translation>您在本售电点已有班次：请先结班。</translation>
    </message>
    <message>
      <source>Open a shift first.</source>
      <translation>请先开班。</translation>
    </message>
    <message>
      <source>The drawer should not hold {amount}: check the amount.</source>
      <translation>钱箱中不应有{amount}：请核对金额。</translation>
    </message>
    <message>
      <source>You have no open shift to close.</source>
      <translation>您没有可结的班次。</translation>
    </message>
    <message>
      <source>A sale of this shift is still pending: read its card to settle it before closing.</source>
      <translation>本班次有1笔售电尚待处理：请先读卡处理后再结班。</translation>
    </message>
    <message>
      <source>{n} sales of this shift are still pending: read their cards to settle them before closing.</source>
      <translation>本班次有{n}笔售电尚待处理：请先读卡处理后再结班。</translation>
    </message>
    <message>
      <source>The count differs from what was expected: explain the difference in a note.</source>
      <translation>清点金额与应有金额不符：请在备注中说明差额。</translation>
    </message>
    <message>
      <source>No shift {id}.</source>
      <translation>无班次{id}。</translation>
    </message>
    <message>
      <source>Shift {id} is not waiting for approval.</source>
      <translation>班次{id}不在待审批状态。</translation>
    </message>
    <message>
      <source>The virtual meter exists only in a demo office (one made by 'demo seed'), never beside real meters.</source>
      <translation>虚拟电表只存在于演示营业所（由“demo seed”创建），绝不与真实电表并存。</translation>
    </message>
    <message>
      <source>The database is damaged ({detail}). The station will not sell on it. Restore the latest good backup: in the window choose Restore, or run 'vending-station-cli db restore --latest --replace' (the damaged file is kept aside, not deleted).</source>
      <translation>数据库已损坏（{detail}）。本站不会在其上售电。请恢复最近的完好备份：在窗口中选择“恢复”，或运行 'vending-station-cli db restore --latest --replace'（损坏的文件会另行保存，不会删除）。</translation>
    </message>
    <message>
      <source>The disk that holds the database is full ({detail}). Nothing is sold until there is room: free some space on that disk, then start again. The database is not damaged: do not restore it.</source>
      <translation>存放数据库的磁盘已满（{detail}）。腾出空间前无法售电：请清理该磁盘后重新启动。数据库没有损坏：请勿恢复。</translation>
    </message>
    <message>
      <source>The database cannot be written: the file or its folder is read-only ({detail}). Make it writable for the station's user (or mount the disk read-write), then start again. The database is not damaged: do not restore it.</source>
      <translation>数据库无法写入：文件或其文件夹为只读（{detail}）。请为售电站用户开放写权限（或以读写方式挂载磁盘）后重新启动。数据库没有损坏：请勿恢复。</translation>
    </message>
    <message>
      <source>Another program holds the database locked ({detail}). Close it (another copy of the station, a backup or database tool), then try again. The database is not damaged: do not restore it.</source>
      <translation>另一个程序锁定了数据库（{detail}）。请关闭该程序（另一个售电站副本、备份或数据库工具）后重试。数据库没有损坏：请勿恢复。</translation>
    </message>
    <message>
      <source>This database works: a restore over it rolls the books back to the backup. An administrator signs in for that: vending-station-cli --operator LOGIN db restore --replace --yes.</source>
      <translation>此数据库可以正常使用：在其上恢复会把账目回退到备份时的状态。须由管理员登录后执行：vending-station-cli --operator LOGIN db restore --replace --yes。</translation>
    </message>
    <message>
      <source>The station's set-up file {path} cannot be read ({error}). Fix or remove it and run the set-up again.</source>
      <translation>本站设置文件 {path} 无法读取（{error}）。请修复或删除后重新设置。</translation>
    </message>
    <message>
      <source>The restore did not happen: {error}</source>
      <translation>未能恢复：{error}</translation>
    </message>
    <message>
      <source>The backup was restored, but its audit chain is broken at event {at}: {reason}. Restore an older backup.</source>
      <translation>备份已恢复，但其审计链在事件 {at} 处断开：{reason}。请恢复更早的备份。</translation>
    </message>
    <message>
      <source>The database file {path} is missing. The station will not start an empty one in its place. Restore the latest good backup: in the window choose Restore, or run 'vending-station-cli db restore --latest'.</source>
      <translation>数据库文件 {path} 不见了。本站不会用空数据库代替它。请恢复最近的完好备份：在窗口中选择“恢复”，或运行 'vending-station-cli db restore --latest'。</translation>
    </message>
    <message>
      <source>There is no database at {path} yet: set up the station, or run 'vending-station-cli db upgrade'.</source>
      <translation>{path} 处还没有数据库：请设置本站，或运行 'vending-station-cli db upgrade'。</translation>
    </message>
    <message>
      <source>The database is not at the current schema version: run 'vending-station-cli db upgrade' first.</source>
      <translation>数据库版本不是当前版本：请先运行“vending-station-cli db upgrade”。</translation>
    </message>
    <message>
      <source>A station's name needs 1-80 characters.</source>
      <translation>站名需要 1-80 个字符。</translation>
    </message>
    <message>
      <source>Tariff {code} has no version from {d}.</source>
      <translation>电价 {code} 没有 {d} 起的版本。</translation>
    </message>
    <message>
      <source>A tariff needs at least one price.</source>
      <translation>电价至少需要一个单价。</translation>
    </message>
    <message>
      <source>Tariff {code} has no price in force on {on}: add a version first.</source>
      <translation>电价{code}在{on}没有有效单价：请先添加版本。</translation>
    </message>
    <message>
      <source>Tariff {code} expired on {to}: an administrator must add a new version.</source>
      <translation>电价{code}已于{to}到期：需管理员添加新版本。</translation>
    </message>
    <message>
      <source>Tier {n}: the price cannot be negative.</source>
      <translation>第{n}档：单价不能为负。</translation>
    </message>
    <message>
      <source>The last tier must be open-ended (no upper bound).</source>
      <translation>最后一档必须不设上限。</translation>
    </message>
    <message>
      <source>Tier {n}: its upper bound must be above {previous} kWh.</source>
      <translation>第{n}档：上限必须大于{previous} kWh。</translation>
    </message>
    <message>
      <source>The database was upgraded from schema {old} to {new}. A verified backup of it as it was is at {backup}.</source>
      <translation>数据库已从结构版本 {old} 升级到 {new}。升级前经过校验的备份位于 {backup}。</translation>
    </message>
    <message>
      <source>The database was not upgraded: the backup before the upgrade could not be made ({error}). Free some space or set backup.folder, then start again.</source>
      <translation>数据库没有升级：无法在升级前备份（{error}）。请腾出磁盘空间或设置 backup.folder，然后重新启动。</translation>
    </message>
    <message>
      <source>Station code '{text}' must be 1-16 letters or digits, like S01.</source>
      <translation>站点代码“{text}”须为 1-16 位字母或数字，例如 S01。</translation>
    </message>
    <message>
      <source>{what} must be a whole number from {lo} to {hi}: '{value}' is not.</source>
      <translation>{what}必须是 {lo} 到 {hi} 之间的整数：“{value}”不是。</translation>
    </message>
    <message>
      <source>{what} '{text}' has full-width or other non-ASCII characters: type the digits 0-9 in half-width (English) input mode.</source>
      <translation>{what}“{text}”含有全角或其他非 ASCII 字符：请将输入法切换到半角（英文）状态，输入数字 0-9。</translation>
    </message>
    <message>
      <source>Meter number '{text}' must be the 12 digits printed on the nameplate.</source>
      <translation>表号“{text}”必须是铭牌上的12位数字。</translation>
    </message>
    <message>
      <source>ID number {text} must end in a digit or X.</source>
      <translation>证件号{text}必须以数字或X结尾。</translation>
    </message>
    <message>
      <source>ID number '{text}' must be 6-32 letters, digits or dashes.</source>
      <translation>证件号“{text}”须为6-32个字母、数字或短横线。</translation>
    </message>
    <message>
      <source>Phone number '{text}' must be 6-20 digits.</source>
      <translation>电话号码“{text}”须为6-20位数字。</translation>
    </message>
    <message>
      <source>{what} {text} is outside the years {first}-{last}.</source>
      <translation>{what}{text}不在{first}至{last}年之间。</translation>
    </message>
    <message>
      <source>{what} is longer than {n} characters.</source>
      <translation>{what}超过{n}个字符。</translation>
    </message>
    <message>
      <source>Give a reason (at least a few words): it goes on the record.</source>
      <translation>请填写原因（至少几个字）：它将记入档案。</translation>
    </message>
    <message>
      <source>{what} '{text}' is not a month like 2026-03.</source>
      <translation>{what}“{text}”不是形如 2026-03 的月份。</translation>
    </message>
    <message>
      <source>ID number {text} has a wrong check digit: check it against the ID card.</source>
      <translation>证件号{text}校验位错误：请与身份证核对。</translation>
    </message>
    <message>
      <source>{what} '{text}' is not a date like 2026-03-01.</source>
      <translation>{what}“{text}”不是日期，请按 2026-03-01 的格式输入。</translation>
    </message>
    <message>
      <source>{what} contains an invisible or control character (U+{code:04X}): type it again without it.</source>
      <translation>{what}含有不可见字符或控制字符（U+{code:04X}）：请去掉后重新输入。</translation>
    </message>
    <message>
      <source>This database already has operators: demo data goes into a fresh one.</source>
      <translation>此数据库已有操作员：演示数据只能写入新数据库。</translation>
    </message>
    <message>
      <source>Give the station a name, like 'Counter 1'.</source>
      <translation>请为本站命名，例如“1号柜台”。</translation>
    </message>
    <message>
      <source>This office has operators already: an administrator signs in to set up a station.</source>
      <translation>本营业所已有操作员：须由管理员登录后设置售电站。</translation>
    </message>
    <message>
      <source>Type the vending key passphrase.</source>
      <translation>请输入售电密钥口令。</translation>
    </message>
    <message>
      <source>The key passphrase needs at least 12 characters.</source>
      <translation>密钥口令至少需要 12 个字符。</translation>
    </message>
    <message>
      <source>Cannot reach the database: {error}</source>
      <translation>无法连接数据库：{error}</translation>
    </message>
    <message>
      <source>This office has no operators yet: create its first administrator.</source>
      <translation>本营业厅还没有操作员：请创建第一位管理员。</translation>
    </message>
    <message>
      <source>Add a tariff on the Tariffs screen, with its prices.</source>
      <translation>请在“电价”界面新增电价及其价格。</translation>
    </message>
    <message>
      <source>The two new passwords differ.</source>
      <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
      <source>Type the opening float (0 if there is none), then Enter.</source>
      <translation>请输入备用金（没有则输入 0），然后按回车。</translation>
    </message>
    <message>
      <source>The vending keys are locked at this station: unlock them under Maintenance, Vending keys (F9), then try again.</source>
      <translation>本售电点的售电密钥未解锁：请在“维护—售电密钥”（F9）中解锁后重试。</translation>
    </message>
    <message>
      <source>The card's {what} fails authentication: it was edited, copied from another card, or written with another key.</source>
      <translation>卡上的{what}认证失败：它被篡改、从别的卡复制，或用其他密钥写入。</translation>
    </message>
    <message>
      <source>The card's {what} is too short to be genuine.</source>
      <translation>卡上的{what}太短，不是真卡。</translation>
    </message>
    <message>
      <source>A key passphrase needs at least 10 characters.</source>
      <translation>密钥口令至少需要10个字符。</translation>
    </message>
    <message>
      <source>This is not a wrapped vending key.</source>
      <translation>这不是加密封装的售电密钥。</translation>
    </message>
    <message>
      <source>The card's {what} fails authentication: it was edited, copied from another card or meter, or written with another key.</source>
      <translation>卡上的{what}认证失败：它被篡改、从别的卡或电表复制，或用其他密钥写入。</translation>
    </message>
    <message>
      <source>Wrong key passphrase.</source>
      <translation>密钥口令错误。</translation>
    </message>
    <message>
      <source>wrong length</source>
      <translation>长度错误</translation>
    </message>
    <message>
      <source>security status not satisfied</source>
      <translation>安全状态不满足</translation>
    </message>
    <message>
      <source>the card is blocked</source>
      <translation>卡已锁定</translation>
    </message>
    <message>
      <source>conditions of use not satisfied</source>
      <translation>使用条件不满足</translation>
    </message>
    <message>
      <source>bad secure-messaging MAC</source>
      <translation>安全报文 MAC 错误</translation>
    </message>
    <message>
      <source>file not found: the card is not personalised for this station</source>
      <translation>文件未找到：此卡未按本售电系统初始化</translation>
    </message>
    <message>
      <source>wrong parameters P1/P2</source>
      <translation>参数 P1/P2 错误</translation>
    </message>
    <message>
      <source>offset outside the file</source>
      <translation>偏移量超出文件范围</translation>
    </message>
    <message>
      <source>instruction not supported: wrong kind of card</source>
      <translation>不支持的指令：卡类型不对</translation>
    </message>
    <message>
      <source>class not supported: wrong kind of card</source>
      <translation>不支持的指令类别：卡类型不对</translation>
    </message>
    <message>
      <source>unknown status</source>
      <translation>未知状态</translation>
    </message>
    <message>
      <source>The card refused {command}: {meaning} (status {sw:04X}).</source>
      <translation>卡拒绝了{command}：{meaning}（状态{sw:04X}）。</translation>
    </message>
    <message>
      <source>verification failed, {tries} tries left</source>
      <translation>校验失败，还剩 {tries} 次尝试</translation>
    </message>
    <message>
      <source>{count} more bytes available</source>
      <translation>还有 {count} 字节可读</translation>
    </message>
    <message>
      <source>'{digits}' is not {n} digits.</source>
      <translation>“{digits}”不是{n}位数字。</translation>
    </message>
    <message>
      <source>A number on the card is not decimal digits: the card is damaged.</source>
      <translation>卡上的数字不是十进制数字：卡已损坏。</translation>
    </message>
    <message>
      <source>The identity region has the wrong size.</source>
      <translation>身份区大小错误。</translation>
    </message>
    <message>
      <source>This is not a prepaid electricity card of this station (or it is blank).</source>
      <translation>这不是本系统的预付费电卡（或是空白卡）。</translation>
    </message>
    <message>
      <source>Card format version {v} is not supported.</source>
      <translation>不支持卡格式版本{v}。</translation>
    </message>
    <message>
      <source>The card's multiplier is zero: the card is damaged.</source>
      <translation>卡上的倍率为零：卡已损坏。</translation>
    </message>
    <message>
      <source>The record region has the wrong size.</source>
      <translation>记录区大小错误。</translation>
    </message>
    <message>
      <source>The record's length is impossible: the card is damaged.</source>
      <translation>记录长度不可能：卡已损坏。</translation>
    </message>
    <message>
      <source>The record region is damaged.</source>
      <translation>记录区已损坏。</translation>
    </message>
    <message>
      <source>The write-back region has the wrong size.</source>
      <translation>返写区大小错误。</translation>
    </message>
    <message>
      <source>The meter's report on this card is incomplete: the card was taken out of the meter while the meter wrote it. Nothing on it is used; the meter writes a whole report the next time the card is inserted.</source>
      <translation>此卡上的电表返写信息不完整：电表写入时卡被拔出。其中内容一概不用；下次插入电表时，电表会写入完整的返写信息。</translation>
    </message>
    <message>
      <source>The meter's report on the card is damaged.</source>
      <translation>卡上的电表返写数据已损坏。</translation>
    </message>
    <message>
      <source>The card file is {n} bytes, not {m}.</source>
      <translation>卡文件为{n}字节，而不是{m}。</translation>
    </message>
    <message>
      <source>A text field on the card is not ASCII: the card is damaged.</source>
      <translation>卡上的文本字段不是ASCII：卡已损坏。</translation>
    </message>
    <message>
      <source>Unknown card kind {k}.</source>
      <translation>未知的卡类型{k}。</translation>
    </message>
    <message>
      <source>A purchase record holds 1 to {n} purchases.</source>
      <translation>购电记录包含1到{n}笔购电。</translation>
    </message>
    <message>
      <source>Unknown record type {t}: the card is damaged.</source>
      <translation>未知的记录类型{t}：卡已损坏。</translation>
    </message>
    <message>
      <source>The card's record is malformed.</source>
      <translation>卡上的记录格式错误。</translation>
    </message>
    <message>
      <source>The purchase record is malformed.</source>
      <translation>购电记录格式错误。</translation>
    </message>
    <message>
      <source>Vending key version {v} is not unlocked at this station: an administrator must unlock the keys.</source>
      <translation>本售电点未解锁售电密钥版本{v}：需管理员解锁密钥。</translation>
    </message>
    <message>
      <source>Vending key {v} does not match its record.</source>
      <translation>售电密钥{v}与其记录不符。</translation>
    </message>
    <message>
      <source>This card image does not fit a memory card.</source>
      <translation>此卡映像无法放入存储卡。</translation>
    </message>
    <message>
      <source>The card in the reader is of a kind this station cannot use: it answers neither as a CPU card nor as an SLE4442 or SLE4428 memory card.</source>
      <translation>读卡器中的卡是本站无法使用的类型：它既不响应 CPU 卡命令，也不响应 SLE4442 或 SLE4428 存储卡命令。</translation>
    </message>
    <message>
      <source>This memory card holds no vending data: it is blank, or belongs to another system. Issue it as a new card first.</source>
      <translation>此存储卡上没有售电数据：它是空白卡，或属于其他系统。请先将其作为新卡发行。</translation>
    </message>
    <message>
      <source>This memory card is blocked for good: a wrong PSC was presented {n} times (never by this station). It can still be read but no longer written: issue the customer a new card.</source>
      <translation>此存储卡已永久锁死：密码（PSC）被错误校验 {n} 次（并非本站所为）。它仍可读取，但不能再写入：请为客户发新卡。</translation>
    </message>
    <message>
      <source>The memory card refused the PSC this office holds for it ({left} tries left): it was issued by another system or copied. The station will not try again; nothing was written.</source>
      <translation>存储卡拒绝了本营业所为其保存的密码（PSC）（剩余 {left} 次）：它由其他系统发行或是复制卡。本站不会再次尝试；未写入任何内容。</translation>
    </message>
    <message>
      <source>This memory card is bound for good to card {serial}: its kind is write-protected. Issue a new card.</source>
      <translation>此存储卡已永久绑定为卡 {serial}：其卡类型已写保护。请发新卡。</translation>
    </message>
    <message>
      <source>The card returned {n} bytes instead of {m}.</source>
      <translation>卡返回了{n}字节，而不是{m}。</translation>
    </message>
    <message>
      <source>This card has no vending file: it is blank, or belongs to another system. Issue it as a new card first.</source>
      <translation>此卡没有售电文件：是空白卡或属于其他系统。请先作为新卡发行。</translation>
    </message>
    <message>
      <source>This is not a CPU card this station can use.</source>
      <translation>这不是本系统可用的CPU卡。</translation>
    </message>
    <message>
      <source>No card reader found: plug one in.</source>
      <translation>未找到读卡器：请插入读卡器。</translation>
    </message>
    <message>
      <source>Reader {name} is not connected.</source>
      <translation>读卡器{name}未连接。</translation>
    </message>
    <message>
      <source>The smart-card service (pcscd) is not running.</source>
      <translation>智能卡服务（pcscd）未运行。</translation>
    </message>
    <message>
      <source>No card reader: check that the reader is plugged in and the smart-card service (pcscd) is running ({detail}).</source>
      <translation>无读卡器：请检查读卡器已插好且智能卡服务（pcscd）正在运行（{detail}）。</translation>
    </message>
    <message>
      <source>Reader {name} does not answer.</source>
      <translation>读卡器{name}无响应。</translation>
    </message>
    <message>
      <source>No card in the reader: insert the customer's card.</source>
      <translation>读卡器中无卡：请插入用户卡。</translation>
    </message>
    <message>
      <source>The card cannot be reached ({detail}): take it out and insert it again.</source>
      <translation>无法访问卡（{detail}）：请取出卡后重新插入。</translation>
    </message>
    <message>
      <source>No card reader: the smart-card service (pcscd) is not running.</source>
      <translation>无读卡器：智能卡服务（pcscd）未运行。</translation>
    </message>
    <message>
      <source>The card was removed while the station was using it ({what}). Put it back.</source>
      <translation>系统使用卡时卡被拔出（{what}）。请放回。</translation>
    </message>
    <message>
      <source>Another program is using the card reader: close that program (or wait until it has finished) and try again.</source>
      <translation>另一个程序正在使用读卡器：请关闭该程序（或等它用完）后重试。</translation>
    </message>
    <message>
      <source>The card was removed or failed while being written ({e}). Put it back: the station will check what it holds.</source>
      <translation>写卡时卡被拔出或出错（{e}）。请放回：系统将检查卡上内容。</translation>
    </message>
    <message>
      <source>The card was removed or failed while being issued ({e}): put it back and issue again.</source>
      <translation>发卡时卡被拔出或出错（{e}）：请放回后重新发卡。</translation>
    </message>
    <message>
      <source>This card belongs to meter {other}, not {meter}: nothing was written.</source>
      <translation>此卡属于电表{other}，不是{meter}：未写入任何内容。</translation>
    </message>
    <message>
      <source>The card did not keep what was written: take it out, put it back and the station will settle the sale.</source>
      <translation>卡未能保存写入的内容：请取出卡再放回，系统将处理这笔售电。</translation>
    </message>
    <message>
      <source>The card was removed before anything was written ({e}): nothing was charged. Put it back and sell again.</source>
      <translation>写入前卡片已被取出（{e}）：未收取任何费用。请重新插卡后再次售电。</translation>
    </message>
    <message>
      <source>The new card did not keep what was written: try again.</source>
      <translation>新卡未能保存写入的内容：请重试。</translation>
    </message>
    <message>
      <source>the virtual meter was loaded without its key</source>
      <translation>虚拟电表加载时缺少密钥</translation>
    </message>
    <message>
      <source>The virtual card found no virtual reader to go into: start the virtual reader first (scripts/start.sh starts it).</source>
      <translation>虚拟卡找不到可插入的虚拟读卡器：请先启动虚拟读卡器（scripts/start.sh 会启动它）。</translation>
    </message>
    <message>
      <source>No font with Chinese characters was found for printing: install the fonts-wqy-microhei package, or set VENDING_CJK_FONT to a TrueType font.</source>
      <translation>未找到可打印中文的字体：请安装fonts-wqy-microhei软件包，或将VENDING_CJK_FONT设为一个TrueType字体。</translation>
    </message>
    <message>
      <source>Printing to '{kind}' is done by the window's preview.</source>
      <translation>打印到“{kind}”由窗口的打印预览完成。</translation>
    </message>
    <message>
      <source>not printed (printing is off)</source>
      <translation>未打印（打印已关闭）</translation>
    </message>
    <message>
      <source>printed on {kind} {address}</source>
      <translation>已在 {kind} {address} 上打印</translation>
    </message>
    <message>
      <source>sent to the default printer</source>
      <translation>已发送到默认打印机</translation>
    </message>
    <message>
      <source>The invoice could not be printed ({error}). The sale is saved: print it again from the sale once the printer is ready.</source>
      <translation>发票未能打印（{error}）。售电已保存：打印机就绪后可从该笔售电补打。</translation>
    </message>
    <message>
      <source>sent to printer {name}</source>
      <translation>已发送到打印机 {name}</translation>
    </message>
    <message>
      <source>The document could not be prepared for printing.</source>
      <translation>文档无法准备打印。</translation>
    </message>
    <message>
      <source>Printer '{name}' is not installed on this computer: choose another in Settings.</source>
      <translation>本机未安装打印机“{name}”：请在设置中另选。</translation>
    </message>
    <message>
      <source>The printer could not be opened: check it is on and has paper.</source>
      <translation>无法打开打印机：请检查已开机且有纸。</translation>
    </message>
    <message>
      <source>There is no file {path}.</source>
      <translation>没有文件 {path}。</translation>
    </message>
    <message>
      <source>{path} is neither a .csv nor an .xlsx file.</source>
      <translation>{path} 既不是 .csv 也不是 .xlsx 文件。</translation>
    </message>
    <message>
      <source>{path} is not UTF-8 text: save it from the spreadsheet as 'CSV UTF-8'.</source>
      <translation>{path} 不是 UTF-8 文本：请在表格软件中另存为“CSV UTF-8”。</translation>
    </message>
    <message>
      <source>{path} cannot be opened as an XLSX workbook.</source>
      <translation>{path} 无法作为 XLSX 工作簿打开。</translation>
    </message>
    <message>
      <source>{tool} failed ({what}): {detail}</source>
      <translation>{tool} 失败（{what}）：{detail}</translation>
    </message>
    <message>
      <source>{path} exists already: a backup never overwrites a file.</source>
      <translation>{path} 已存在：备份从不覆盖文件。</translation>
    </message>
    <message>
      <source>{path} is a backup in an unknown format ({format}).</source>
      <translation>{path} 是未知格式的备份（{format}）。</translation>
    </message>
    <message>
      <source>The backup {name} is damaged (its content does not match its digest): restore an older backup.</source>
      <translation>备份 {name} 已损坏（内容与摘要不符）：请恢复更早的备份。</translation>
    </message>
    <message>
      <source>This is a {kind} backup; the station's database is {backend}. Restore it into a {kind} database.</source>
      <translation>这是 {kind} 备份；本站数据库是 {backend}。请把它恢复到 {kind} 数据库中。</translation>
    </message>
    <message>
      <source>The restored audit chain does not end where the backup says.</source>
      <translation>恢复后的审计链终点与备份记录不符。</translation>
    </message>
    <message>
      <source>The restored copy does not hold what the backup counted: {tables}</source>
      <translation>恢复后的数据与备份统计不符：{tables}</translation>
    </message>
    <message>
      <source>{tool} is not installed: install the PostgreSQL client tools (Debian: postgresql-client).</source>
      <translation>未安装 {tool}：请安装 PostgreSQL 客户端工具（Debian：postgresql-client）。</translation>
    </message>
    <message>
      <source>There is no backup file {path}.</source>
      <translation>没有备份文件 {path}。</translation>
    </message>
    <message>
      <source>{path} is not a station backup, or it is damaged.</source>
      <translation>{path} 不是本系统的备份，或已损坏。</translation>
    </message>
    <message>
      <source>The backup {name} is damaged ({error}): restore an older backup.</source>
      <translation>备份 {name} 已损坏（{error}）：请恢复更早的备份。</translation>
    </message>
    <message>
      <source>The backup cannot be unpacked here: {error}. Free some space and try again.</source>
      <translation>备份无法在此解包：{error}。请释放磁盘空间后重试。</translation>
    </message>
    <message>
      <source>{path} exists: a restore never overwrites a database. Choose to replace it (--replace): it is moved aside under a dated name, and the backup is restored in its place.</source>
      <translation>{path} 已存在：恢复从不覆盖数据库。请选择替换（--replace）：原数据库会以带日期的名字另行保存，再在原处恢复备份。</translation>
    </message>
    <message>
      <source>The database {name} is not empty: a restore never overwrites one. Create an empty database (createdb) and restore into it.</source>
      <translation>数据库 {name} 不是空的：恢复从不覆盖数据库。请新建一个空数据库（createdb）再恢复到其中。</translation>
    </message>
    <message>
      <source>The upgrade of the database from schema {old} to {new} failed ({error}). The database was restored from the backup taken just before ({backup}) and checked: it is as it was. Keep using the previous version of the station and report this.</source>
      <translation>数据库从结构版本 {old} 升级到 {new} 失败（{error}）。已从升级前所做的备份（{backup}）恢复数据库并检查无误：数据库保持原样。请继续使用旧版本的售电系统，并报告此问题。</translation>
    </message>
    <message>
      <source>The database is at schema {revision}, which this version of the station does not know (it knows up to {head}): a newer version migrated it. Install that version on this computer.</source>
      <translation>数据库的结构版本为 {revision}，本版本的售电系统不认识（最高只认识 {head}）：它已被更新的版本升级过。请在本电脑上安装该版本。</translation>
    </message>
    <message>
      <source>the restored database is at schema {found}, not {expected}</source>
      <translation>恢复后的数据库结构版本为 {found}，而不是 {expected}</translation>
    </message>
    <message>
      <source>The backup {name} lacks the data of {tables}.</source>
      <translation>备份 {name} 缺少以下表的数据：{tables}。</translation>
    </message>
    <message>
      <source>The upgrade of the database from schema {old} to {new} failed ({error}), and putting the backup back failed too ({restore_error}). Do not sell on this database: restore the backup {backup} (vending-station-cli db restore).</source>
      <translation>数据库从结构版本 {old} 升级到 {new} 失败（{error}），恢复备份也失败了（{restore_error}）。请不要在此数据库上售电：请恢复备份 {backup}（vending-station-cli db restore）。</translation>
    </message>
    <message>
      <source>The backup {name} fails its check: {detail}</source>
      <translation>备份 {name} 未通过检查：{detail}</translation>
    </message>
    <message>
      <source>{path}: {detail}</source>
      <translation>{path}：{detail}</translation>
    </message>
    <message>
      <source>other error</source>
      <translation>其他错误</translation>
    </message>
    <message>
      <source>no such data (the meter does not keep this item)</source>
      <translation>无请求数据（电表没有此数据项）</translation>
    </message>
    <message>
      <source>wrong password or not authorised</source>
      <translation>密码错误或未授权</translation>
    </message>
    <message>
      <source>the baud rate cannot be changed</source>
      <translation>通信速率不能更改</translation>
    </message>
    <message>
      <source>too many yearly time zones</source>
      <translation>年时区数超</translation>
    </message>
    <message>
      <source>too many daily time slots</source>
      <translation>日时段数超</translation>
    </message>
    <message>
      <source>too many tariffs</source>
      <translation>费率数超</translation>
    </message>
    <message>
      <source>{first} (error word {code:02X})</source>
      <translation>{first}（错误信息字 {code:02X}）</translation>
    </message>
    <message>
      <source>A meter address is up to 12 digits (or A for a wildcard); '{address}' is not one.</source>
      <translation>电表地址最多 12 位数字（A 为通配）；'{address}' 不是有效地址。</translation>
    </message>
    <message>
      <source>A DL/T 645 data field holds at most {max} bytes.</source>
      <translation>DL/T 645 数据域最多 {max} 字节。</translation>
    </message>
    <message>
      <source>A garbled frame came back (no second start byte).</source>
      <translation>收到乱码帧（缺少第二个起始符）。</translation>
    </message>
    <message>
      <source>A garbled frame came back (checksum {got:02X}, expected {want:02X}).</source>
      <translation>收到乱码帧（校验和 {got:02X}，应为 {want:02X}）。</translation>
    </message>
    <message>
      <source>A garbled frame came back (no end byte).</source>
      <translation>收到乱码帧（缺少结束符）。</translation>
    </message>
    <message>
      <source>error word {code:02X}</source>
      <translation>错误信息字 {code:02X}</translation>
    </message>
    <message>
      <source>The meter sent a value that is not BCD ({hex}).</source>
      <translation>电表发来的数值不是 BCD 码（{hex}）。</translation>
    </message>
    <message>
      <source>The meter's answer is {got} bytes long, {want} were expected.</source>
      <translation>电表应答长 {got} 字节，应为 {want} 字节。</translation>
    </message>
    <message>
      <source>No answer from meter {address} on {port} within {seconds} s. Check the meter number, the cable and the probe, and that the meter has power.</source>
      <translation>电表 {address} 在 {port} 上 {seconds} 秒内无应答。请检查表号、连线和抄表器，以及电表是否带电。</translation>
    </message>
    <message>
      <source>Meter {address} answered for another data item.</source>
      <translation>电表 {address} 应答了另一个数据项。</translation>
    </message>
    <message>
      <source>The serial port {port} cannot be opened ({error}). Check that the probe or RS-485 adapter is plugged in and the port name is right.</source>
      <translation>无法打开串口 {port}（{error}）。请检查抄表器或 RS-485 转换器已插好，端口名正确。</translation>
    </message>
    <message>
      <source>The meter's answer was garbled on the line ({detail}). Check the probe's position or the RS-485 wiring (A/B swapped, no terminator).</source>
      <translation>电表应答在线路上出错（{detail}）。请检查抄表器位置或 RS-485 接线（A/B 接反、缺终端电阻）。</translation>
    </message>
    <message>
      <source>Meter {address} refused the request: {meaning}.</source>
      <translation>电表 {address} 拒绝了请求：{meaning}。</translation>
    </message>
  </context>
  <context>
    <name>params</name>
    <message>
      <source>Smallest amount one sale may charge (yuan)</source>
      <translation>每笔售电最小金额（元）</translation>
    </message>
    <message>
      <source>Largest amount one sale may charge (yuan)</source>
      <translation>每笔售电最大金额（元）</translation>
    </message>
    <message>
      <source>Most primary kWh one sale may credit</source>
      <translation>每笔售电最多可售一次侧电量（kWh）</translation>
    </message>
    <message>
      <source>Most primary kWh a meter may hold after a sale (anti-hoarding); 0 = no cap</source>
      <translation>售电后电表最多可存一次侧电量（防囤积）；0 = 不限</translation>
    </message>
    <message>
      <source>Most money one operator may take in one shift; 0 = no limit</source>
      <translation>每个操作员每班次最多收款；0 = 不限</translation>
    </message>
    <message>
      <source>Cash difference at close above which an administrator must approve</source>
      <translation>结班现金差额超过此值需管理员审批</translation>
    </message>
    <message>
      <source>Blind count: a seller does not see the expected cash of their open shift, only what they sold (no: a small office shows it)</source>
      <translation>盲点：售电员在班中看不到应有现金，只看到自己的售电（no：小营业所可显示）</translation>
    </message>
    <message>
      <source>Wrong passwords in a row before the operator is locked out</source>
      <translation>连续输错密码多少次后锁定操作员</translation>
    </message>
    <message>
      <source>How long a lock-out lasts</source>
      <translation>锁定持续时间（分钟）</translation>
    </message>
    <message>
      <source>Month the billing year (for tiered prices) starts</source>
      <translation>计费年度（阶梯电价）起始月份</translation>
    </message>
    <message>
      <source>Default low-balance threshold, 1-phase</source>
      <translation>单相表默认报警电量</translation>
    </message>
    <message>
      <source>Default low-balance threshold, 3-phase</source>
      <translation>三相表默认报警电量</translation>
    </message>
    <message>
      <source>Header printed on invoices</source>
      <translation>发票抬头</translation>
    </message>
    <message>
      <source>Invoice paper: a5, or 80mm thermal roll</source>
      <translation>发票纸张：a5，或80mm热敏纸</translation>
    </message>
    <message>
      <source>Where invoices print: preview, system[:NAME], escpos-serial:DEVICE[:BAUD], escpos-net:HOST[:PORT], escpos-usb:VID:PID, none (set it per station)</source>
      <translation>发票打印位置：preview、system[:名称]、escpos-serial:设备[:波特率]、escpos-net:主机[:端口]、escpos-usb:VID:PID、none（按售电点设置）</translation>
    </message>
    <message>
      <source>The seller types the cash tendered and Enter sells only when it covers the total (no: an office that does not take cash at the counter)</source>
      <translation>售电员输入实收现金，现金足额时回车才售电（否：柜台不收现金的营业所）</translation>
    </message>
    <message>
      <source>Sell even when the card shows an older report, an unknown sequence or a forged report (the anomaly is flagged either way)</source>
      <translation>卡上有旧返写、未知序号或伪造返写时仍允许售电（异常照常标记）</translation>
    </message>
    <message>
      <source>Sell when the meter has not applied the previous purchase yet (up to 4 ride on the card)</source>
      <translation>电表尚未写入上次购电时仍允许售电（卡上最多可带4笔）</translation>
    </message>
    <message>
      <source>Hours between scheduled database backups; 0 = only on demand</source>
      <translation>定时备份数据库的间隔小时数；0 = 仅手动备份</translation>
    </message>
    <message>
      <source>Backups a station keeps in its folder</source>
      <translation>站点在备份文件夹中保留的备份份数</translation>
    </message>
    <message>
      <source>Folder for database backups (empty: the station's data folder); set it per station</source>
      <translation>数据库备份文件夹（留空：本站数据文件夹）；按站点设置</translation>
    </message>
    <message>
      <source>Folder for the vending keys' backups, apart from the database backups (empty: the station's data folder)</source>
      <translation>售电密钥备份文件夹，与数据库备份分开存放（留空：本站数据文件夹）</translation>
    </message>
  </context>
</TS>
