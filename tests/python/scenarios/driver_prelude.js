// What the example drivers (<tool>_driver.js) use to act on a page as a user would. Each driver
// is the body of an async function whose return value is its report.
const $ = (sel) => document.querySelector(sel);
const $$ = (sel) => [...document.querySelectorAll(sel)];
const click = (el, opts = {}) => el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, ...opts }));
const dblclick = (el) => el.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
const type = (el, value) => {
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
};
const choose = (select, value) => {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
};
// Waits for test() to give something truthy; the limit only turns a hang into a clear report.
const until = (what, test, limitMs = 60000) =>
  new Promise((resolve, reject) => {
    const start = Date.now();
    const poll = () => {
      let value;
      try {
        value = test();
      } catch (e) {
        value = undefined;
      }
      if (value) resolve(value);
      else if (Date.now() - start > limitMs) reject(new Error(`gave up waiting for ${what}`));
      else setTimeout(poll, 15);
    };
    poll();
  });
