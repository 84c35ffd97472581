// The documentation site: English at the root, 中文 under /zh/.
//
// Some sources are shared with readers of the repository and stay where they are:
// guide/en and guide/zh (tests/python/test_guide*.py run their snippets) are served as /guide/
// and /zh/guide/; hosts.md holds both languages in regions that hosts-en.md and zh/hosts.md
// include; parts/ holds text included by more than one page (the benchmark table).
import { defineConfig, type DefaultTheme, type MarkdownRenderer } from "vitepress";

// A line break inside a paragraph renders as a space, which Chinese text must not have: a
// break between two CJK characters (punctuation included) is dropped.
const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

function joinCjkLines(md: MarkdownRenderer) {
  md.core.ruler.push("cjk_softbreak", (state) => {
    for (const block of state.tokens) {
      const kids = block.children;
      if (block.type !== "inline" || !kids) continue;
      for (let i = 1; i < kids.length - 1; i++) {
        const [before, after] = [kids[i - 1], kids[i + 1]];
        if (kids[i].type === "softbreak" && before.type === "text" && after.type === "text" &&
            CJK.test(before.content.slice(-1)) && CJK.test(after.content.charAt(0))) {
          kids[i].type = "text";
          kids[i].content = "";
        }
      }
    }
  });
}

// A static host serving the site under a sub-path (e.g. a project page) sets DOCS_BASE=/name/.
const base = process.env.DOCS_BASE || "/";

function nav(prefix: string, t: Record<string, string>): DefaultTheme.NavItem[] {
  return [
    { text: t.guide, link: `${prefix}/getting-started`, activeMatch: `^${prefix}/(getting-started|guide/)` },
    { text: t.api, link: `${prefix}/api/python`, activeMatch: `^${prefix}/api/` },
    { text: t.protocol, link: `${prefix}/protocol` },
    { text: t.internals, link: `${prefix}/architecture`, activeMatch: `^${prefix}/(architecture|security|performance)` },
    { text: t.hosts, link: `${prefix}/hosts` },
  ];
}

function sidebar(prefix: string, t: Record<string, string>): DefaultTheme.SidebarItem[] {
  return [
    {
      text: t.guide,
      items: [
        { text: t.start, link: `${prefix}/getting-started` },
        { text: t.communication, link: `${prefix}/guide/communication` },
        { text: t.children, link: `${prefix}/guide/child-windows` },
        { text: t.upstream, link: `${prefix}/guide/from-upstream` },
        { text: t.typed, link: `${prefix}/guide/typed-pages` },
        { text: t.hosts, link: `${prefix}/hosts` },
      ],
    },
    {
      text: t.api,
      items: [
        { text: "Python", link: `${prefix}/api/python` },
        { text: "JavaScript", link: `${prefix}/api/js` },
        { text: t.protocol, link: `${prefix}/protocol` },
      ],
    },
    {
      text: t.internals,
      items: [
        { text: t.architecture, link: `${prefix}/architecture` },
        { text: t.security, link: `${prefix}/security` },
        { text: t.performance, link: `${prefix}/performance` },
      ],
    },
  ];
}

const en = {
  guide: "Guide",
  start: "Getting started",
  communication: "JavaScript ↔ Python",
  children: "Child windows",
  upstream: "Coming from upstream",
  typed: "Typed pages",
  api: "API reference",
  protocol: "Wire protocol",
  internals: "Internals",
  architecture: "Architecture",
  security: "Security",
  performance: "Performance",
  hosts: "Hosts",
};

const zh = {
  guide: "指南",
  start: "快速上手",
  communication: "JavaScript ↔ Python 通信",
  children: "子窗口",
  upstream: "从上游迁移",
  typed: "带类型的页面",
  api: "API 参考",
  protocol: "通信协议",
  internals: "内部实现",
  architecture: "架构",
  security: "安全",
  performance: "性能",
  hosts: "宿主程序",
};

export default defineConfig({
  base,
  title: "AuroraView for C",
  description: "Web UIs for DCC tools: Qt WebEngine panels with two-way messaging between JavaScript and Python",
  lastUpdated: false,
  markdown: { config: joinCjkLines },
  srcExclude: ["hosts.md", "parts/**", "**/node_modules/**"],
  rewrites: {
    "guide/en/:page": "guide/:page",
    "guide/zh/:page": "zh/guide/:page",
    "hosts-en.md": "hosts.md",
  },
  themeConfig: {
    search: {
      provider: "local",
      options: {
        locales: {
          zh: {
            translations: {
              button: { buttonText: "搜索", buttonAriaLabel: "搜索" },
              modal: {
                noResultsText: "没有结果",
                resetButtonTitle: "清除",
                footer: { selectText: "选择", navigateText: "切换", closeText: "关闭" },
              },
            },
          },
        },
      },
    },
  },
  locales: {
    root: {
      label: "English",
      lang: "en",
      themeConfig: {
        nav: nav("", en),
        sidebar: sidebar("", en),
        outline: { level: [2, 3] },
      },
    },
    zh: {
      label: "中文",
      lang: "zh-CN",
      link: "/zh/",
      description: "为 DCC 工具提供 Web 界面：Qt WebEngine 面板，JavaScript 与 Python 双向通信",
      themeConfig: {
        nav: nav("/zh", zh),
        sidebar: sidebar("/zh", zh),
        outline: { level: [2, 3], label: "本页内容" },
        docFooter: { prev: "上一页", next: "下一页" },
        langMenuLabel: "切换语言",
        returnToTopLabel: "回到顶部",
        sidebarMenuLabel: "目录",
        darkModeSwitchLabel: "外观",
      },
    },
  },
});
