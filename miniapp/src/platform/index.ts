import Taro from '@tarojs/taro';

/**
 * The weapp and H5 builds differ in a few places; every such difference lives here so pages
 * stay the same on both.
 */
export const isH5 = process.env.TARO_ENV === 'h5';

/** Hospital numbers are written "0752-2288288" or "0752-1234567 / 0752-7654321": dial the first. */
export function dialableNumber(phone: string): string {
  const first = phone.split(/[/,，、;；]/)[0] ?? '';
  return first.replace(/[^\d+]/g, '');
}

export function callPhone(phone: string): void {
  const phoneNumber = dialableNumber(phone);
  if (!phoneNumber) return;
  // H5: Taro opens a tel: link; weapp: the system call sheet. A cancelled call is not an error.
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}

/**
 * Opens a hospital's own booking page: a new tab on H5; a mini-program cannot open outside web
 * pages, so on weapp the link is copied for the resident to paste into the browser.
 */
export function openExternalLink(url: string): void {
  if (isH5) {
    window.open(url, '_blank', 'noopener');
    return;
  }
  void Taro.setClipboardData({ data: url }).then(() => toast('链接已复制，请在浏览器中打开'));
}

export function toast(title: string): void {
  void Taro.showToast({ title, icon: 'none', duration: 2000 });
}

export function stopPullDownRefresh(): void {
  Taro.stopPullDownRefresh();
}

export function setTitle(title: string): void {
  void Taro.setNavigationBarTitle({ title });
}

export function navigateTo(url: string): void {
  void Taro.navigateTo({ url });
}

export function canGoBack(): boolean {
  return Taro.getCurrentPages().length > 1;
}

/** The label for backOrHome(): a page opened from a share link has nothing to go back to. */
export function backLabel(): string {
  return canGoBack() ? '返回' : '返回首页';
}

/** Back if there is a page to go back to, otherwise to the home page (opened from a share link). */
export function backOrHome(): void {
  if (canGoBack()) {
    void Taro.navigateBack();
  } else {
    void Taro.reLaunch({ url: '/pages/index/index' });
  }
}

/**
 * Page query values: the weapp hands them over still percent-encoded, H5 sometimes decoded.
 * Decoding once, tolerantly, gives the same string on both.
 */
export function decodeParam(value: string | undefined): string {
  if (!value) return '';
  try {
    return /%[0-9a-f]{2}/i.test(value) ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}

/**
 * H5 only. Taro turns rpx into rem and normally sets the root font size from an inline script
 * in index.html; the BFF's Content-Security-Policy (script-src 'self') blocks inline scripts, so
 * the same rule runs here from the bundle instead: 750 design px = the viewport's short side,
 * root size clamped to 20–40 px (so a desktop window shows a phone-sized layout).
 */
export function installRemScaling(): void {
  if (!isH5 || typeof window === 'undefined') return;
  const apply = () => {
    const root = document.documentElement;
    const { width, height } = root.getBoundingClientRect();
    const side = Math.min(...[width, height].filter(Boolean));
    const size = Math.min(40, Math.max(20, (40 * side) / 750));
    root.style.fontSize = `${size}px`;
  };
  apply();
  window.addEventListener('resize', () => {
    apply();
    setTimeout(apply, 500);
  });
}

/** The 就诊提醒 subscribe-message template (build constant SUBSCRIBE_TEMPLATE_ID). */
export function visitReminderTemplateId(): string {
  return typeof SUBSCRIBE_TEMPLATE_ID === 'string' ? SUBSCRIBE_TEMPLATE_ID : '';
}

/** Whether this build can ask for subscribe messages (the weapp can; H5 has no WeChat). */
export const canSubscribe = process.env.TARO_ENV === 'weapp';

export type SubscribeOutcome = 'accepted' | 'rejected' | 'unsupported' | 'failed';

/**
 * Asks to send one 就诊提醒 (wx.requestSubscribeMessage). WeChat only shows the dialog from a tap,
 * so call it first thing in the tap handler. Never throws: the booking goes ahead either way.
 */
export async function requestVisitReminder(): Promise<SubscribeOutcome> {
  const templateId = visitReminderTemplateId();
  if (!canSubscribe || !templateId) return 'unsupported';
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as never)) as unknown as Record<
      string,
      string
    >;
    return res[templateId] === 'accept' ? 'accepted' : 'rejected';
  } catch {
    return 'failed';
  }
}

/**
 * For Button's `disabled`: Taro's H5 renderer writes a false prop as the attribute
 * `disabled="false"`, which the H5 button's own CSS (`[disabled]`) greys out. Pass true or nothing.
 */
export function disabledIf(off: boolean): true | undefined {
  return off ? true : undefined;
}

/**
 * Full brightness while a code is shown (a dim phone in a bright lobby does not scan); weapp
 * only, H5 cannot. Returns what puts the old brightness back.
 */
export async function raiseBrightness(): Promise<() => void> {
  if (isH5) return () => undefined;
  try {
    const { value } = await Taro.getScreenBrightness();
    await Taro.setScreenBrightness({ value: 1 });
    return () => void Taro.setScreenBrightness({ value }).catch(() => undefined);
  } catch {
    return () => undefined;
  }
}

/** Small values kept on the phone (localStorage on H5): e.g. offline codes for a lobby without signal. */
export function saveLocal(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, JSON.stringify(value));
  } catch {
    // A full or refused storage only costs the offline fallback.
  }
}

export function loadLocal<T>(key: string): T | undefined {
  try {
    const raw: unknown = Taro.getStorageSync(key);
    return typeof raw === 'string' && raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** 打印: the browser's print dialog on H5; on weapp the resident saves the picture instead. */
export function printPage(): void {
  if (isH5 && typeof window !== 'undefined') window.print();
  else toast('请截屏保存后打印');
}

/** Opens a downloaded export: weapp's document viewer for a PDF (its menu shares it), else the share sheet; H5 a new tab. */
export async function openDownloaded(tempPath: string, kind: 'pdf' | 'json'): Promise<void> {
  if (isH5) {
    if (typeof window !== 'undefined') window.open(tempPath, '_blank');
    return;
  }
  if (kind === 'pdf') await Taro.openDocument({ filePath: tempPath, fileType: 'pdf', showMenu: true });
  else await Taro.shareFileMessage({ filePath: tempPath, fileName: 'report-fhir.json' });
}
