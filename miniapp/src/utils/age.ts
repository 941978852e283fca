/** "刚刚", "12 分钟前", "3 小时前", "2 天前". */
export function describeAge(ageSeconds: number): string {
  if (ageSeconds < 60) return '刚刚';
  const minutes = Math.floor(ageSeconds / 60);
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时前`;
  return `${Math.floor(hours / 24)} 天前`;
}
