/** Content of the demo clinic: real procedure names (English/Arabic) and common names of the region. */

export const DEMO_SERVICES: { code: string; name: string; nameAr: string; price: string; minutes: number }[] = [
  { code: 'D0120', name: 'Periodic oral evaluation', nameAr: 'فحص دوري للفم والأسنان', price: '150', minutes: 20 },
  { code: 'D0140', name: 'Limited (emergency) evaluation', nameAr: 'فحص طارئ', price: '200', minutes: 20 },
  { code: 'D0150', name: 'Comprehensive oral evaluation', nameAr: 'فحص شامل للفم والأسنان', price: '250', minutes: 30 },
  { code: 'D0210', name: 'Full-mouth X-rays', nameAr: 'أشعة كاملة للفم', price: '300', minutes: 20 },
  { code: 'D0220', name: 'Periapical X-ray', nameAr: 'أشعة حول الذروة', price: '60', minutes: 10 },
  { code: 'D0274', name: 'Bitewing X-rays (four films)', nameAr: 'أشعة مجنحة (أربع صور)', price: '120', minutes: 15 },
  { code: 'D0330', name: 'Panoramic X-ray', nameAr: 'أشعة بانورامية', price: '200', minutes: 15 },
  { code: 'D0367', name: 'Cone-beam CT scan', nameAr: 'أشعة مقطعية مخروطية', price: '650', minutes: 30 },
  { code: 'D1110', name: 'Scaling and polishing (adult)', nameAr: 'تنظيف الجير والتلميع للبالغين', price: '350', minutes: 45 },
  { code: 'D1120', name: 'Scaling and polishing (child)', nameAr: 'تنظيف الأسنان للأطفال', price: '250', minutes: 30 },
  { code: 'D1206', name: 'Fluoride varnish', nameAr: 'طلاء الفلورايد', price: '120', minutes: 15 },
  { code: 'D1351', name: 'Fissure sealant (per tooth)', nameAr: 'سد الشقوق (للسن الواحد)', price: '150', minutes: 20 },
  { code: 'D1510', name: 'Space maintainer', nameAr: 'حافظ مسافة', price: '900', minutes: 45 },
  { code: 'D2140', name: 'Amalgam filling, one surface', nameAr: 'حشوة فضية، سطح واحد', price: '300', minutes: 30 },
  { code: 'D2330', name: 'Composite filling, anterior, one surface', nameAr: 'حشوة تجميلية أمامية، سطح واحد', price: '400', minutes: 30 },
  { code: 'D2331', name: 'Composite filling, anterior, two surfaces', nameAr: 'حشوة تجميلية أمامية، سطحان', price: '500', minutes: 45 },
  { code: 'D2391', name: 'Composite filling, posterior, one surface', nameAr: 'حشوة تجميلية خلفية، سطح واحد', price: '450', minutes: 45 },
  { code: 'D2392', name: 'Composite filling, posterior, two surfaces', nameAr: 'حشوة تجميلية خلفية، سطحان', price: '550', minutes: 45 },
  { code: 'D2393', name: 'Composite filling, posterior, three surfaces', nameAr: 'حشوة تجميلية خلفية، ثلاثة أسطح', price: '650', minutes: 60 },
  { code: 'D2510', name: 'Inlay, metallic', nameAr: 'حشوة داخلية معدنية', price: '1200', minutes: 60 },
  { code: 'D2610', name: 'Inlay, porcelain', nameAr: 'حشوة داخلية خزفية', price: '1800', minutes: 60 },
  { code: 'D2740', name: 'Crown, porcelain/ceramic', nameAr: 'تاج خزفي', price: '2500', minutes: 90 },
  { code: 'D2750', name: 'Crown, porcelain fused to metal', nameAr: 'تاج خزف على معدن', price: '1800', minutes: 90 },
  { code: 'D2790', name: 'Crown, full cast gold', nameAr: 'تاج ذهبي كامل', price: '3500', minutes: 90 },
  { code: 'D2920', name: 'Re-cement crown', nameAr: 'إعادة تثبيت تاج', price: '250', minutes: 30 },
  { code: 'D2950', name: 'Core build-up', nameAr: 'بناء قلب السن', price: '600', minutes: 45 },
  { code: 'D2954', name: 'Prefabricated post and core', nameAr: 'وتد وقلب جاهز', price: '700', minutes: 45 },
  { code: 'D3220', name: 'Pulpotomy', nameAr: 'بتر اللب', price: '500', minutes: 45 },
  { code: 'D3310', name: 'Root canal treatment, anterior', nameAr: 'علاج عصب سن أمامي', price: '1200', minutes: 60 },
  { code: 'D3320', name: 'Root canal treatment, premolar', nameAr: 'علاج عصب ضاحك', price: '1500', minutes: 75 },
  { code: 'D3330', name: 'Root canal treatment, molar', nameAr: 'علاج عصب ضرس', price: '2000', minutes: 90 },
  { code: 'D3346', name: 'Root canal retreatment, anterior', nameAr: 'إعادة علاج عصب سن أمامي', price: '1600', minutes: 90 },
  { code: 'D3410', name: 'Apicoectomy, anterior', nameAr: 'قطع ذروة الجذر، سن أمامي', price: '1800', minutes: 60 },
  { code: 'D4341', name: 'Scaling and root planing, per quadrant', nameAr: 'كشط وتسوية الجذور، لكل ربع', price: '600', minutes: 60 },
  { code: 'D4355', name: 'Full-mouth debridement', nameAr: 'إزالة الترسبات الكاملة', price: '450', minutes: 60 },
  { code: 'D4910', name: 'Periodontal maintenance', nameAr: 'صيانة اللثة الدورية', price: '400', minutes: 45 },
  { code: 'D4212', name: 'Gingivectomy', nameAr: 'قص اللثة', price: '900', minutes: 60 },
  { code: 'D5110', name: 'Complete denture, upper', nameAr: 'طقم أسنان كامل علوي', price: '3500', minutes: 60 },
  { code: 'D5120', name: 'Complete denture, lower', nameAr: 'طقم أسنان كامل سفلي', price: '3500', minutes: 60 },
  { code: 'D5213', name: 'Partial denture, cast metal, upper', nameAr: 'طقم جزئي معدني علوي', price: '3000', minutes: 60 },
  { code: 'D5410', name: 'Denture adjustment', nameAr: 'تعديل طقم الأسنان', price: '200', minutes: 20 },
  { code: 'D6010', name: 'Dental implant placement', nameAr: 'زراعة سن', price: '6500', minutes: 120 },
  { code: 'D6057', name: 'Implant abutment', nameAr: 'دعامة الزرعة', price: '1500', minutes: 45 },
  { code: 'D6065', name: 'Implant crown, porcelain', nameAr: 'تاج خزفي على زرعة', price: '3000', minutes: 60 },
  { code: 'D6240', name: 'Bridge pontic, porcelain', nameAr: 'جسر خزفي (سن معلق)', price: '2200', minutes: 90 },
  { code: 'D7140', name: 'Simple extraction', nameAr: 'خلع بسيط', price: '300', minutes: 30 },
  { code: 'D7210', name: 'Surgical extraction', nameAr: 'خلع جراحي', price: '800', minutes: 60 },
  { code: 'D7240', name: 'Impacted wisdom tooth removal', nameAr: 'خلع ضرس العقل المدفون', price: '1500', minutes: 90 },
  { code: 'D7953', name: 'Bone graft', nameAr: 'ترقيع عظمي', price: '2500', minutes: 60 },
  { code: 'D8080', name: 'Comprehensive orthodontics (braces)', nameAr: 'تقويم أسنان شامل', price: '12000', minutes: 60 },
  { code: 'D8090', name: 'Clear aligners', nameAr: 'تقويم شفاف', price: '15000', minutes: 45 },
  { code: 'D8670', name: 'Orthodontic adjustment visit', nameAr: 'زيارة متابعة التقويم', price: '300', minutes: 30 },
  { code: 'D8680', name: 'Orthodontic retainer', nameAr: 'مثبت التقويم', price: '900', minutes: 30 },
  { code: 'D9110', name: 'Palliative (emergency) treatment', nameAr: 'علاج تسكيني طارئ', price: '250', minutes: 30 },
  { code: 'D9230', name: 'Nitrous oxide sedation', nameAr: 'تخدير بأكسيد النيتروز', price: '300', minutes: 30 },
  { code: 'D9940', name: 'Night guard', nameAr: 'واقي ليلي للأسنان', price: '1200', minutes: 30 },
  { code: 'D9972', name: 'Teeth whitening (in office)', nameAr: 'تبييض الأسنان في العيادة', price: '1500', minutes: 90 },
  { code: 'D9975', name: 'Take-home whitening kit', nameAr: 'تبييض منزلي', price: '900', minutes: 30 },
  { code: 'VEN01', name: 'Porcelain veneer', nameAr: 'قشرة خزفية', price: '2500', minutes: 90 },
];

export const ARABIC_FIRST = {
  male: ['محمد', 'أحمد', 'عبدالله', 'خالد', 'فهد', 'سلطان', 'عمر', 'يوسف', 'إبراهيم', 'سعد', 'ناصر', 'تركي', 'فيصل', 'بندر', 'ماجد', 'علي', 'حسن', 'عبدالرحمن'],
  female: ['فاطمة', 'نورة', 'سارة', 'ريم', 'هند', 'منيرة', 'لطيفة', 'عائشة', 'مريم', 'أمل', 'هيفاء', 'جواهر', 'دانة', 'لمى', 'رهف', 'شهد', 'غادة', 'أسماء'],
};
export const ARABIC_LAST = ['العتيبي', 'القحطاني', 'الشمري', 'الدوسري', 'الغامدي', 'الزهراني', 'الحربي', 'المطيري', 'السبيعي', 'العنزي', 'الشهري', 'العمري', 'المالكي', 'الرشيدي', 'البقمي', 'السلمي'];
export const LATIN_FIRST = {
  male: ['Omar', 'Ahmed', 'Yusuf', 'Ali', 'Hassan', 'Daniel', 'James', 'Rahul', 'Imran', 'Karim', 'Samuel', 'John'],
  female: ['Sara', 'Layla', 'Maryam', 'Aisha', 'Emily', 'Priya', 'Fatima', 'Hannah', 'Noor', 'Zainab', 'Anna', 'Grace'],
};
export const LATIN_LAST = ['Khan', 'Hassan', 'Smith', 'Patel', 'Rahman', 'Haddad', 'Nasser', 'Thomas', 'Siddiqui', 'Mansour', 'Fernandes', 'Brown'];

export const ALLERGIES = ['Penicillin', 'Latex', 'Lidocaine with epinephrine', 'Ibuprofen', 'Chlorhexidine'];
export const HISTORY = ['Type 2 diabetes', 'Hypertension', 'Asthma', 'On anticoagulants (warfarin)', 'Pregnant (second trimester)', 'Heart valve replacement'];

/** A small deterministic generator so the demo clinic is the same every time. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
  };
}
