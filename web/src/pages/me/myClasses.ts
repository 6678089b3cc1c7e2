/**
 * Classes this browser registered for online, per user (a hint for the trainee's list: the API
 * does not yet say which visible classes the trainee is on).
 */
const key = (userId: number) => `jineng.registered.${userId}`;

export function registeredClassIds(userId: number): Set<number> {
  try {
    const raw = window.localStorage.getItem(key(userId));
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return new Set(Array.isArray(list) ? list.filter((x): x is number => typeof x === 'number') : []);
  } catch {
    return new Set();
  }
}

export function rememberRegistration(userId: number, classId: number): Set<number> {
  const ids = registeredClassIds(userId);
  ids.add(classId);
  try {
    window.localStorage.setItem(key(userId), JSON.stringify([...ids]));
  } catch {
    // private mode: the list simply forgets
  }
  return ids;
}
