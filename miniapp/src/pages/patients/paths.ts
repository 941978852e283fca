/** This subpackage's page URLs (the app-wide table in src/routes.ts can adopt them). */
export const patientPaths = {
  list: () => '/pages/patients/list/index',
  add: () => '/pages/patients/edit/index',
  edit: (id: string) => `/pages/patients/edit/index?id=${encodeURIComponent(id)}`,
};
